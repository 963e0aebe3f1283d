using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>
/// The store's tables and how a file reaches the current version. The version lives in a table of
/// our own rather than <c>PRAGMA user_version</c>, so the file may be shared with an application
/// that uses <c>user_version</c> itself.
/// </summary>
internal static class SqliteSchema
{
    public const string VersionTable = "shopify_schema_version";

    /// <summary>Every schema step, oldest first. Append only: a shipped step never changes.</summary>
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "Offline tokens per shop and online tokens per (shop, user); times in Unix milliseconds; secrets in the protected payload.", """
            CREATE TABLE shopify_offline_tokens (
                shop TEXT NOT NULL PRIMARY KEY,
                scopes TEXT NOT NULL,
                expires_at INTEGER NULL,
                refresh_expires_at INTEGER NULL,
                fingerprint TEXT NOT NULL,
                payload BLOB NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE shopify_online_tokens (
                shop TEXT NOT NULL,
                user_id INTEGER NOT NULL,
                scopes TEXT NOT NULL,
                user_scopes TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                payload BLOB NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (shop, user_id)
            ) WITHOUT ROWID;
            CREATE INDEX shopify_online_tokens_expires_at ON shopify_online_tokens (expires_at);
            """),
        new(2, "Offline tokens remember that Shopify refused to refresh them (1) until a new install replaces them.", """
            ALTER TABLE shopify_offline_tokens ADD COLUMN requires_reauthorization INTEGER NOT NULL DEFAULT 0;
            """),
    ];

    /// <summary>
    /// Brings the file to the last version of <paramref name="migrations"/>. Safe when several
    /// processes start at once: the check and the steps run under <c>BEGIN IMMEDIATE</c>, so exactly
    /// one applies each step and the others see it done.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer version of the store.</exception>
    public static void Migrate(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations)
    {
        var target = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (ReadVersion(connection) is { } seen && seen == target)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, $"CREATE TABLE IF NOT EXISTS {VersionTable} (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, migrated_at TEXT NOT NULL);");
        var current = ReadVersion(connection, transaction) ?? 0;
        if (current > target)
        {
            throw new InvalidOperationException(
                $"The token database is at schema version {current}, newer than this version of Shopify.DualAuth.Sqlite understands ({target}). Upgrade the package, or point SqliteTokenStoreOptions at another file.");
        }

        foreach (var migration in migrations)
        {
            if (migration.Version > current)
            {
                Execute(connection, transaction, migration.Sql);
            }
        }

        using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {VersionTable} (id, version, migrated_at) VALUES (1, $version, $at) ON CONFLICT (id) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at;";
            record.Parameters.AddWithValue("$version", target);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The file's schema version, or <see langword="null"/> when the store never touched it.</summary>
    public static int? ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT name FROM sqlite_master WHERE type = 'table' AND name = '{VersionTable}';";
        if (command.ExecuteScalar() is null)
        {
            return null;
        }

        command.CommandText = $"SELECT version FROM {VersionTable} WHERE id = 1;";
        return command.ExecuteScalar() is long version ? checked((int)version) : null;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
