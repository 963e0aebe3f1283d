using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Sqlite;
using Shopify.DualAuth.Sqlite.Internal;
using Shopify.DualAuth.Storage;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the SQLite token store.</summary>
public static class SqliteTokenStoreBuilderExtensions
{
    /// <summary>
    /// Keeps tokens in one SQLite file (<see cref="SqliteTokenStore"/>), replacing any token store
    /// registered before, and registers <see cref="InProcessShopLock"/> as the
    /// <see cref="IShopLock"/> unless one is registered already. The options are validated when the
    /// host starts: without an <see cref="ITokenProtector"/> (for example
    /// <c>ProtectTokensWithDataProtection()</c>) start-up fails unless
    /// <see cref="SqliteTokenStoreOptions.AllowPlaintext"/> is set.
    /// </summary>
    /// <param name="builder">The Shopify.DualAuth builder.</param>
    /// <param name="configure">Sets the file and other options; the defaults use <see cref="SqliteTokenStoreOptions.DefaultDataSource"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddSqliteTokenStore(this ShopifyDualAuthBuilder builder, Action<SqliteTokenStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SqliteTokenStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteTokenStoreOptions>, SqliteTokenStoreOptionsValidator>());
        services.RemoveAll<SqliteTokenStore>();
        services.AddSingleton(sp => new SqliteTokenStore(
            sp.GetRequiredService<IOptions<SqliteTokenStoreOptions>>().Value,
            sp.GetService<ITokenProtector>(),
            sp.GetService<TimeProvider>()));
        services.RemoveAll<IShopifyTokenStore>();
        services.AddSingleton<IShopifyTokenStore>(sp => sp.GetRequiredService<SqliteTokenStore>());
        services.TryAddSingleton<IShopLock, InProcessShopLock>();
        return builder;
    }
}
