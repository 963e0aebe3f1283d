using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.PostgreSql;
using Shopify.DualAuth.PostgreSql.DependencyInjection;
using Shopify.DualAuth.PostgreSql.Internal;
using Shopify.DualAuth.Storage;

// Found without a using, next to AddShopifyDualAuth.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the PostgreSQL token store and shop lock.</summary>
public static class PostgreSqlShopifyDualAuthBuilderExtensions
{
    /// <summary>
    /// Keeps tokens in PostgreSQL, replacing any token store registered before. The options are
    /// validated when the host starts; the tables are created on first use; tokens are encrypted
    /// with the registered <see cref="ITokenProtector"/>, and the store refuses to start without one
    /// unless <see cref="PostgreSqlTokenStoreOptions.AllowPlaintext"/> is set.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the connection, schema and plaintext policy.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddPostgreSqlTokenStore(this ShopifyDualAuthBuilder builder, Action<PostgreSqlTokenStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgreSqlTokenStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlTokenStoreOptions>, PostgreSqlTokenStoreOptionsValidator>());
        services.TryAddSingleton<PostgreSqlDataSources>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<PostgreSqlTokenStoreOptions>>().Value;
            return new PostgreSqlTokenStore(
                provider.GetRequiredService<PostgreSqlDataSources>().Get(options.ConnectionString),
                options,
                provider.GetService<ITokenProtector>(),
                provider.GetRequiredService<TimeProvider>());
        });
        services.RemoveAll<IShopifyTokenStore>();
        services.AddSingleton<IShopifyTokenStore>(static provider => provider.GetRequiredService<PostgreSqlTokenStore>());
        return builder;
    }

    /// <summary>
    /// Locks shops across every instance of the app with PostgreSQL advisory locks, replacing any
    /// shop lock registered before. Without a connection string of its own, the lock uses the
    /// PostgreSQL store's, else the registered <c>NpgsqlDataSource</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the connection and key prefix; optional.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddPostgreSqlShopLock(this ShopifyDualAuthBuilder builder, Action<PostgreSqlShopLockOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlShopLockOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlShopLockOptions>, PostgreSqlShopLockOptionsValidator>());
        services.TryAddSingleton<PostgreSqlDataSources>();
        services.TryAddSingleton(static provider =>
        {
            var lockOptions = provider.GetRequiredService<IOptions<PostgreSqlShopLockOptions>>().Value;
            var connectionString = lockOptions.ConnectionString ?? provider.GetRequiredService<IOptions<PostgreSqlTokenStoreOptions>>().Value.ConnectionString;
            return new PostgreSqlShopLock(provider.GetRequiredService<PostgreSqlDataSources>().Get(connectionString), lockOptions);
        });
        services.RemoveAll<IShopLock>();
        services.AddSingleton<IShopLock>(static provider => provider.GetRequiredService<PostgreSqlShopLock>());
        return builder;
    }
}
