using System.Globalization;
using Microsoft.Data.Sqlite;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite;

/// <summary>
/// Records handled webhook deliveries in the token store's SQLite file (table
/// <c>shopify_webhook_deliveries</c>), so every process on the machine handles a delivery once.
/// </summary>
/// <remarks>
/// The record is one <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at &lt;= now</c>: SQLite's
/// write lock makes exactly one of any number of concurrent first deliveries win, across processes.
/// Expired records are deleted every few minutes as new ones are written. The table is created on
/// first use; it holds shop domains and webhook IDs only, nothing secret.
/// </remarks>
public sealed class SqliteWebhookDeliveryLog : IWebhookDeliveryLog
{
    private const string Table = "shopify_webhook_deliveries";
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(5);

    private readonly string _connectionString;
    private readonly string? _directory;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _initializeGate = new();
    private volatile bool _initialized;
    private long _nextPruneTicks;

    /// <summary>Creates the log over the file <paramref name="options"/> names (the token store's file, usually).</summary>
    /// <param name="options">Where the file is; only <see cref="SqliteTokenStoreOptions.DataSource"/>, <see cref="SqliteTokenStoreOptions.ConnectionString"/> and <see cref="SqliteTokenStoreOptions.BusyTimeout"/> are used.</param>
    /// <param name="timeProvider">The clock for record expiry; the system clock when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">Both or blank file settings, or a non-positive busy timeout.</exception>
    public SqliteWebhookDeliveryLog(SqliteTokenStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The protector rule is the token store's concern: this table holds nothing secret.
        var failures = Internal.SqliteTokenStoreOptionsCheck.Failures(options, hasProtector: true).ToList();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", failures));
        }

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? string.Empty);
        if (options.ConnectionString is null)
        {
            builder.DataSource = options.DataSource ?? SqliteTokenStoreOptions.DefaultDataSource;
            builder.Mode = SqliteOpenMode.ReadWriteCreate;
            _directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        }

        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        _busyTimeout = options.BusyTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _nextPruneTicks = _timeProvider.GetUtcNow().UtcTicks;
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryRecordAsync(ShopDomain shop, string webhookId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateRecord(shop, webhookId, timeToLive);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        try
        {
            using var connection = Open();
            var now = _timeProvider.GetUtcNow();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO {Table} (shop, webhook_id, expires_at) VALUES ($shop, $id, $expires)
                ON CONFLICT (shop, webhook_id) DO UPDATE SET expires_at = excluded.expires_at
                WHERE {Table}.expires_at <= $now;
                """;
            command.Parameters.AddWithValue("$shop", shop.Value);
            command.Parameters.AddWithValue("$id", webhookId);
            command.Parameters.AddWithValue("$expires", (now + timeToLive).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            var first = command.ExecuteNonQuery() == 1;
            PruneIfDue(connection, now);
            return ValueTask.FromResult(first);
        }
        catch (Exception error)
        {
            return ValueTask.FromException<bool>(error);
        }
    }

    /// <inheritdoc/>
    public ValueTask ForgetAsync(ShopDomain shop, string webhookId, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateKey(shop, webhookId);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {Table} WHERE shop = $shop AND webhook_id = $id;";
            command.Parameters.AddWithValue("$shop", shop.Value);
            command.Parameters.AddWithValue("$id", webhookId);
            command.ExecuteNonQuery();
            return ValueTask.CompletedTask;
        }
        catch (Exception error)
        {
            return ValueTask.FromException(error);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            if (!_initialized && !string.IsNullOrEmpty(_directory))
            {
                Directory.CreateDirectory(_directory);
            }

            connection.Open();
            using (var configure = connection.CreateCommand())
            {
                // busy_timeout makes SQLite wait for another process's write lock instead of failing.
                configure.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)_busyTimeout.TotalMilliseconds};");
                configure.ExecuteNonQuery();
            }

            EnsureTable(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureTable(SqliteConnection connection)
    {
        if (_initialized)
        {
            return;
        }

        lock (_initializeGate)
        {
            if (_initialized)
            {
                return;
            }

            using var command = connection.CreateCommand();

            // WAL is what the token store uses on the same file; setting it here too keeps a log
            // that runs first from leaving the file in rollback-journal mode.
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS {Table} (
                    shop TEXT NOT NULL,
                    webhook_id TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    PRIMARY KEY (shop, webhook_id)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS {Table}_expires_at ON {Table} (expires_at);
                """;
            command.ExecuteNonQuery();
            _initialized = true;
        }
    }

    private void PruneIfDue(SqliteConnection connection, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {Table} WHERE expires_at <= $now;";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
