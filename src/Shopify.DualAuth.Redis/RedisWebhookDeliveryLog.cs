using Shopify.DualAuth.Redis.Internal;
using Shopify.DualAuth.Storage;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis;

/// <summary>
/// Records handled webhook deliveries in Redis, so a fleet handles each delivery once: one
/// <c>SET NX PX</c> per delivery, keyed <c>{prefix}:webhook:{shop}:{webhook id}</c>, which Redis
/// expires by itself.
/// </summary>
public sealed class RedisWebhookDeliveryLog : IWebhookDeliveryLog
{
    private readonly IDatabase _database;
    private readonly string _root;

    /// <summary>Creates the log on an open connection.</summary>
    /// <param name="redis">The connection; the log does not dispose it.</param>
    /// <param name="options">Database and key prefix (the token store's); <see cref="RedisTokenStoreOptions.Configuration"/> is not used here.</param>
    /// <exception cref="ArgumentException">The key prefix is not valid.</exception>
    public RedisWebhookDeliveryLog(IConnectionMultiplexer redis, RedisTokenStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        if (!RedisKeys.IsValidPrefix(options.KeyPrefix))
        {
            throw new ArgumentException(RedisKeys.PrefixRule, nameof(options));
        }

        // The same hash tag as the token store's keys, so the prefix stays one Redis Cluster slot.
        _root = "{" + options.KeyPrefix + "}:webhook:";
        _database = redis.GetDatabase(options.Database);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryRecordAsync(ShopDomain shop, string webhookId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateRecord(shop, webhookId, timeToLive);
        cancellationToken.ThrowIfCancellationRequested();
        return await _database.StringSetAsync(Key(shop, webhookId), 1, timeToLive, When.NotExists).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask ForgetAsync(ShopDomain shop, string webhookId, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateKey(shop, webhookId);
        cancellationToken.ThrowIfCancellationRequested();
        await _database.KeyDeleteAsync(Key(shop, webhookId)).ConfigureAwait(false);
    }

    private RedisKey Key(ShopDomain shop, string webhookId) => _root + shop.Value + ":" + webhookId;
}
