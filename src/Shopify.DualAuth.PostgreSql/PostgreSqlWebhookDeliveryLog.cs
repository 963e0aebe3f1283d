using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Shopify.DualAuth.PostgreSql.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.PostgreSql;

/// <summary>
/// Records handled webhook deliveries in PostgreSQL (table <c>webhook_deliveries</c> in the token
/// store's schema), so a fleet handles each delivery once.
/// </summary>
/// <remarks>
/// The record is one <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at &lt;= now</c>: of any
/// number of concurrent first deliveries exactly one inserts. The table is created on first use
/// (instances starting together serialize on an advisory lock); expired records are deleted about
/// once an hour, piggybacked on a record. It holds shop domains and webhook IDs only, nothing secret.
/// </remarks>
public sealed class PostgreSqlWebhookDeliveryLog : IWebhookDeliveryLog
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly Lock _tableGate = new();
    private Task? _tableReady;
    private long _nextCleanupTicks;

    /// <summary>Creates the log on a data source.</summary>
    /// <param name="dataSource">The database; the log does not dispose it.</param>
    /// <param name="options">The schema (the token store's); only <see cref="PostgreSqlTokenStoreOptions.Schema"/> is used here.</param>
    /// <param name="timeProvider">The clock for record expiry; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The schema name is not valid.</exception>
    public PostgreSqlWebhookDeliveryLog(NpgsqlDataSource dataSource, PostgreSqlTokenStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _schema = options.Schema;
        _table = PostgreSqlIdentifiers.QuoteSchema(options.Schema) + ".webhook_deliveries";
        _time = timeProvider ?? TimeProvider.System;
        _nextCleanupTicks = (_time.GetUtcNow() + CleanupInterval).UtcTicks;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryRecordAsync(ShopDomain shop, string webhookId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateRecord(shop, webhookId, timeToLive);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        int inserted;
        using (var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO {_table} AS d (shop, webhook_id, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (shop, webhook_id) DO UPDATE SET expires_at = EXCLUDED.expires_at
            WHERE d.expires_at <= $4
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shop.Value });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = webhookId });
            command.Parameters.Add(Timestamp(now + timeToLive));
            command.Parameters.Add(Timestamp(now));
            inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CleanUpIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <inheritdoc/>
    public async ValueTask ForgetAsync(ShopDomain shop, string webhookId, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateKey(shop, webhookId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE shop = $1 AND webhook_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shop.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = webhookId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Timestamp(DateTimeOffset value)
        => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value.ToUniversalTime() };

    // Stable across processes: the first 8 bytes of a SHA-256 of the schema name, distinct from the
    // token store's migration lock.
    private static long TableLockKey(string schema)
        => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("Shopify.DualAuth.PostgreSql webhook deliveries " + schema)));

    private async Task CleanUpIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextCleanupTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCleanupTicks, (now + CleanupInterval).UtcTicks, due) != due)
        {
            return;
        }

        using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE expires_at <= $1");
        command.Parameters.Add(Timestamp(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var ready = _tableReady;
        if (ready is null || (ready.IsCompleted && !ready.IsCompletedSuccessfully))
        {
            lock (_tableGate)
            {
                // A failed attempt (database down at start) is retried by the next call.
                if (_tableReady is null || (_tableReady.IsCompleted && !_tableReady.IsCompletedSuccessfully))
                {
                    _tableReady = CreateTableAsync();
                }

                ready = _tableReady;
            }
        }

        return ready.IsCompletedSuccessfully ? ready : ready.WaitAsync(cancellationToken);
    }

    private async Task CreateTableAsync()
    {
        // The advisory lock serializes instances, but a session that waited on it may still judge
        // "IF NOT EXISTS" from the catalog as it was before the winner committed, and fail on the
        // catalog's unique index. The table exists by then: the next attempt sees it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryCreateTableAsync().ConfigureAwait(false);
                return;
            }
            catch (PostgresException error) when (attempt < 3 && error.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
            }
        }
    }

    private async Task TryCreateTableAsync()
    {
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var disposeConnection = connection.ConfigureAwait(false);
        using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection))
        {
            // Checked without DDL first, so a database user that may not create tables works
            // against a table an administrator created.
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _schema + ".webhook_deliveries" });
            if (await exists.ExecuteScalarAsync().ConfigureAwait(false) is true)
            {
                return;
            }
        }

        var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var disposeTransaction = transaction.ConfigureAwait(false);
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = TableLockKey(_schema) });
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var schema = PostgreSqlIdentifiers.QuoteSchema(_schema);
        using (var create = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {_table} (
                shop text COLLATE "C" NOT NULL,
                webhook_id text NOT NULL,
                expires_at timestamptz NOT NULL,
                PRIMARY KEY (shop, webhook_id)
            );
            CREATE INDEX IF NOT EXISTS webhook_deliveries_expires_at_idx ON {_table} (expires_at);
            """,
            connection,
            transaction))
        {
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
