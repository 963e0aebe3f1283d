namespace Shopify.DualAuth.PostgreSql;

/// <summary>Settings of <see cref="PostgreSqlTokenStore"/>.</summary>
public sealed class PostgreSqlTokenStoreOptions
{
    /// <summary>The schema used when none is set.</summary>
    public const string DefaultSchema = "shopify_dualauth";

    /// <summary>
    /// The Npgsql connection string. When <see langword="null"/>, the store uses the
    /// <c>NpgsqlDataSource</c> registered in the service collection.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema holding the store's tables, created and migrated on first use. Lower-case letters,
    /// digits and '_', starting with a letter or '_', at most 63 characters.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// How often an instance deletes expired online tokens, piggybacked on a save; expired tokens
    /// already read as missing, this only reclaims their rows.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off (call
    /// <see cref="PostgreSqlTokenStore.DeleteExpiredOnlineTokensAsync"/> from a job instead).
    /// </summary>
    public TimeSpan OnlineTokenCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Allows storing tokens unencrypted when no <see cref="Storage.ITokenProtector"/> is registered.
    /// For local development only; by default the store refuses to start without a protector.
    /// </summary>
    public bool AllowPlaintext { get; set; }
}
