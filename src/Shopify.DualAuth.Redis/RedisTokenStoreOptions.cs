namespace Shopify.DualAuth.Redis;

/// <summary>Settings of <see cref="RedisTokenStore"/>.</summary>
public sealed class RedisTokenStoreOptions
{
    /// <summary>The key prefix used when none is set.</summary>
    public const string DefaultKeyPrefix = "shopify-dualauth";

    /// <summary>
    /// The StackExchange.Redis configuration string, for example <c>localhost:6379</c>. When
    /// <see langword="null"/>, the store uses the <c>IConnectionMultiplexer</c> registered in the
    /// service collection.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The Redis database number; -1 (the default) is the connection's default database.
    /// </summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// Prefix of every key the store writes, so several apps can share one Redis. Keys look like
    /// <c>{prefix}:offline:{shop}</c>: the braces make the prefix a hash tag, which keeps all of the
    /// store's keys in one Redis Cluster slot so each operation stays a single atomic script.
    /// Letters, digits and <c>-_.:</c> only.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// Allows storing tokens unencrypted when no <see cref="Storage.ITokenProtector"/> is registered.
    /// For local development only; by default the store refuses to start without a protector.
    /// </summary>
    public bool AllowPlaintext { get; set; }
}
