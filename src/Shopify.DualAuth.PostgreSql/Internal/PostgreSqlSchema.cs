using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Shopify.DualAuth.PostgreSql.Internal;

/// <summary>
/// Creates and migrates the store's tables. Each migration runs once, recorded in
/// <c>schema_migrations</c>; instances starting together serialize on a transaction-scoped
/// advisory lock, so exactly one applies a migration and the others then see it done.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>Migration N (1-based) is <c>Migrations[N - 1]</c>; append only, never edit a shipped one.</summary>
    private static readonly Func<string, string>[] Migrations =
    [
        static schema => $"""
            CREATE TABLE {schema}.offline_tokens (
                shop text COLLATE "C" PRIMARY KEY,
                fingerprint text NOT NULL,
                payload bytea NOT NULL,
                scopes text NOT NULL,
                expires_at timestamptz NULL,
                refresh_token_expires_at timestamptz NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                CHECK ((expires_at IS NULL) = (refresh_token_expires_at IS NULL))
            );
            CREATE INDEX offline_tokens_expires_at_idx ON {schema}.offline_tokens (expires_at) WHERE expires_at IS NOT NULL;
            CREATE INDEX offline_tokens_refresh_token_expires_at_idx ON {schema}.offline_tokens (refresh_token_expires_at) WHERE refresh_token_expires_at IS NOT NULL;
            CREATE TABLE {schema}.online_tokens (
                shop text COLLATE "C" NOT NULL,
                user_id bigint NOT NULL,
                payload bytea NOT NULL,
                scopes text NOT NULL,
                user_scopes text NOT NULL,
                expires_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (shop, user_id)
            );
            CREATE INDEX online_tokens_expires_at_idx ON {schema}.online_tokens (expires_at);
            """,

        // Shopify refused to refresh the token: kept until a new install replaces it.
        static schema => $"""
            ALTER TABLE {schema}.offline_tokens ADD COLUMN requires_reauthorization boolean NOT NULL DEFAULT false;
            """,
    ];

    /// <summary>The version this library's tables are at after migrating.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Brings the schema to <see cref="LatestVersion"/>; a database already there (or newer) is left alone.</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var quoted = PostgreSqlIdentifiers.QuoteSchema(schema);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeConnection = connection.ConfigureAwait(false);

        // Checked without DDL first, so an app whose database user may not create schemas runs
        // fine against tables an administrator already migrated.
        if (await CurrentVersionAsync(connection, null, schema, quoted, cancellationToken).ConfigureAwait(false) >= LatestVersion)
        {
            return;
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeTransaction = transaction.ConfigureAwait(false);
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey(schema) });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(
            connection,
            transaction,
            $"CREATE SCHEMA IF NOT EXISTS {quoted}; CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());",
            cancellationToken).ConfigureAwait(false);
        for (var version = await CurrentVersionAsync(connection, transaction, schema, quoted, cancellationToken).ConfigureAwait(false) + 1; version <= LatestVersion; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1](quoted), cancellationToken).ConfigureAwait(false);
            using var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_migrations (version) VALUES ($1)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, string quoted, CancellationToken cancellationToken)
    {
        using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema + ".schema_migrations" });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        using var current = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_migrations", connection, transaction);
        return (int)(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Stable across processes and library versions: the first 8 bytes of a SHA-256 of the schema name.
    private static long MigrationLockKey(string schema)
        => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("Shopify.DualAuth.PostgreSql schema " + schema)));
}
