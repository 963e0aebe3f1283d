namespace Shopify.DualAuth.PostgreSql;

/// <summary>Settings of <see cref="PostgreSqlShopLock"/>.</summary>
public sealed class PostgreSqlShopLockOptions
{
    /// <summary>The lock name prefix used when none is set.</summary>
    public const string DefaultKeyPrefix = "shopify-dualauth";

    /// <summary>
    /// The Npgsql connection string. When <see langword="null"/>, the lock uses
    /// <see cref="PostgreSqlTokenStoreOptions.ConnectionString"/> if set, else the
    /// <c>NpgsqlDataSource</c> registered in the service collection.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Prefix of the lock names, hashed with the shop into a 64-bit advisory lock key. Every instance
    /// of the app must use the same prefix to exclude each other. 1 to 100 characters.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;
}
