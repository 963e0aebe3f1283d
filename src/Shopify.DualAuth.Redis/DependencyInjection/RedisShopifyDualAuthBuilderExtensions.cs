using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Redis;
using Shopify.DualAuth.Redis.DependencyInjection;
using Shopify.DualAuth.Redis.Internal;
using Shopify.DualAuth.Storage;

// Found without a using, next to AddShopifyDualAuth.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Redis token store and shop lock.</summary>
public static class RedisShopifyDualAuthBuilderExtensions
{
    /// <summary>
    /// Keeps tokens in Redis, replacing any token store registered before. The options are
    /// validated when the host starts; tokens are encrypted with the registered
    /// <see cref="ITokenProtector"/>, and the store refuses to start without one unless
    /// <see cref="RedisTokenStoreOptions.AllowPlaintext"/> is set.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the connection, key prefix and plaintext policy.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddRedisTokenStore(this ShopifyDualAuthBuilder builder, Action<RedisTokenStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisTokenStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisTokenStoreOptions>, RedisTokenStoreOptionsValidator>());
        services.TryAddSingleton<RedisConnections>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<RedisTokenStoreOptions>>().Value;
            return new RedisTokenStore(
                provider.GetRequiredService<RedisConnections>().Get(options.Configuration),
                options,
                provider.GetService<ITokenProtector>(),
                provider.GetRequiredService<TimeProvider>());
        });
        services.RemoveAll<IShopifyTokenStore>();
        services.AddSingleton<IShopifyTokenStore>(static provider => provider.GetRequiredService<RedisTokenStore>());
        return builder;
    }

    /// <summary>
    /// Locks shops across every instance of the app through Redis, replacing any shop lock
    /// registered before. Without a configuration string of its own, the lock uses the Redis
    /// store's connection, else the registered <c>IConnectionMultiplexer</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the connection and key prefix; optional.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddRedisShopLock(this ShopifyDualAuthBuilder builder, Action<RedisShopLockOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RedisShopLockOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisShopLockOptions>, RedisShopLockOptionsValidator>());
        services.TryAddSingleton<RedisConnections>();
        services.TryAddSingleton(static provider =>
        {
            var lockOptions = provider.GetRequiredService<IOptions<RedisShopLockOptions>>().Value;
            var configuration = lockOptions.Configuration ?? provider.GetService<IOptions<RedisTokenStoreOptions>>()?.Value.Configuration;
            return new RedisShopLock(provider.GetRequiredService<RedisConnections>().Get(configuration), lockOptions);
        });
        services.RemoveAll<IShopLock>();
        services.AddSingleton<IShopLock>(static provider => provider.GetRequiredService<RedisShopLock>());
        return builder;
    }
}
