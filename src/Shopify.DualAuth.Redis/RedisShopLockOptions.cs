namespace Shopify.DualAuth.Redis;

/// <summary>Settings of <see cref="RedisShopLock"/>.</summary>
public sealed class RedisShopLockOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string. When <see langword="null"/>, the lock uses
    /// <see cref="RedisTokenStoreOptions.Configuration"/> if set, else the <c>IConnectionMultiplexer</c>
    /// registered in the service collection.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>The Redis database number; -1 (the default) is the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// Prefix of the lock keys (<c>{prefix}:lock:{shop}</c>). Every instance of the app must use the
    /// same prefix to exclude each other. Letters, digits and <c>-_.:</c> only.
    /// </summary>
    public string KeyPrefix { get; set; } = RedisTokenStoreOptions.DefaultKeyPrefix;
}
