using Medallion.Threading.Redis;
using Shopify.DualAuth.Redis.Internal;
using Shopify.DualAuth.Storage;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis;

/// <summary>
/// Per-shop mutual exclusion across every instance of the app that shares a Redis, on
/// DistributedLock.Redis: the lock is a key with a lease that is extended while held, so a crashed
/// holder frees it when the lease runs out.
/// </summary>
public sealed class RedisShopLock : IShopLock
{
    private readonly IDatabase _database;
    private readonly RedisKeys _keys;

    /// <summary>Creates a lock on an open connection.</summary>
    /// <param name="redis">The connection; the lock does not dispose it.</param>
    /// <param name="options">Database and key prefix; <see cref="RedisShopLockOptions.Configuration"/> is not used here.</param>
    /// <exception cref="ArgumentException">The key prefix is not valid.</exception>
    public RedisShopLock(IConnectionMultiplexer redis, RedisShopLockOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _keys = new RedisKeys(options.KeyPrefix);
        _database = redis.GetDatabase(options.Database);
    }

    /// <inheritdoc/>
    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(ShopDomain shop, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var shopLock = new RedisDistributedLock(_keys.Lock(shop), _database);
        return await shopLock.TryAcquireAsync(timeout, cancellationToken).ConfigureAwait(false);
    }
}
