using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Redis;
using Shopify.DualAuth.Redis.Internal;
using Shopify.DualAuth.Storage;

// Found without a using, next to AddShopifyDualAuth.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Redis webhook delivery log.</summary>
public static class RedisWebhookDeliveryLogBuilderExtensions
{
    /// <summary>
    /// Records handled webhook deliveries in Redis (<see cref="RedisWebhookDeliveryLog"/>), replacing
    /// any <see cref="IWebhookDeliveryLog"/> registered before, so every instance of the app handles a
    /// delivery once. Uses the connection, database and key prefix of <c>AddRedisTokenStore</c>'s
    /// options, else the registered <c>IConnectionMultiplexer</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddRedisWebhookDeliveryLog(this ShopifyDualAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<RedisConnections>();
        services.RemoveAll<RedisWebhookDeliveryLog>();
        services.AddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<RedisTokenStoreOptions>>().Value;
            return new RedisWebhookDeliveryLog(provider.GetRequiredService<RedisConnections>().Get(options.Configuration), options);
        });
        services.RemoveAll<IWebhookDeliveryLog>();
        services.AddSingleton<IWebhookDeliveryLog>(static provider => provider.GetRequiredService<RedisWebhookDeliveryLog>());
        return builder;
    }
}
