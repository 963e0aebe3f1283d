namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>The one place the options' rules and their messages live, for the validator and the store's constructor alike.</summary>
internal static class SqliteTokenStoreOptionsCheck
{
    public const string MissingProtector =
        "SqliteTokenStore refuses to store tokens unencrypted. Register an ITokenProtector, for example with "
        + "builder.ProtectTokensWithDataProtection() from the Shopify.DualAuth.AspNetCore package, or, for tests and "
        + "local development only, set SqliteTokenStoreOptions.AllowPlaintext = true.";

    public static IEnumerable<string> Failures(SqliteTokenStoreOptions options, bool hasProtector)
    {
        if (options.ConnectionString is not null && options.DataSource is not null)
        {
            yield return "Set either SqliteTokenStoreOptions.DataSource (a file path) or SqliteTokenStoreOptions.ConnectionString, not both.";
        }

        if (options.ConnectionString is { } connectionString && string.IsNullOrWhiteSpace(connectionString))
        {
            yield return "SqliteTokenStoreOptions.ConnectionString is blank: set a connection string such as 'Data Source=tokens.db', or leave it null and set DataSource.";
        }

        if (options.DataSource is { } dataSource && string.IsNullOrWhiteSpace(dataSource))
        {
            yield return "SqliteTokenStoreOptions.DataSource is blank: set a file path such as 'data/shopify-tokens.db', or leave it null for the default.";
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromSeconds(int.MaxValue / 1000))
        {
            yield return "SqliteTokenStoreOptions.BusyTimeout must be positive (for example 00:00:30).";
        }

        if (!hasProtector && !options.AllowPlaintext)
        {
            yield return MissingProtector;
        }
    }
}
