namespace Shopify.DualAuth.Sqlite;

/// <summary>Where <see cref="SqliteTokenStore"/> keeps its file, and whether it may store tokens unencrypted.</summary>
public sealed class SqliteTokenStoreOptions
{
    /// <summary>The file used when neither <see cref="DataSource"/> nor <see cref="ConnectionString"/> is set, relative to the working directory.</summary>
    public const string DefaultDataSource = "shopify-tokens.db";

    /// <summary>
    /// The database file path (created, with its folder, when missing). Defaults to
    /// <see cref="DefaultDataSource"/>. Set this or <see cref="ConnectionString"/>, not both.
    /// </summary>
    public string? DataSource { get; set; }

    /// <summary>
    /// A full <c>Microsoft.Data.Sqlite</c> connection string, for settings beyond the path (such as
    /// <c>Password</c> with an encrypting SQLite build). Set this or <see cref="DataSource"/>, not both.
    /// The store pools its own connections, so <c>Pooling</c> is always turned off.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Stores tokens unencrypted when no <see cref="Storage.ITokenProtector"/> is registered.
    /// Only for tests and local development: anyone who can read the file can then use every
    /// shop's token. Without it, the store refuses to start unencrypted.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>
    /// How long an operation waits for another process or connection holding the write lock
    /// before failing. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
