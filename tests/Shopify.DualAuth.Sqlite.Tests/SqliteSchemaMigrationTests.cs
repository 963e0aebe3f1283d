using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.Sqlite.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteSchemaMigrationTests : IDisposable
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("migrate.myshopify.com");
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A later step as a future release would append it: it must run once, after version 1, on a
    // file that already holds tokens.
    private static readonly SqliteMigration NextStep = new(
        SqliteSchema.Migrations[^1].Version + 1,
        "Test step: a column, and a row counting how often the step ran.",
        """
        ALTER TABLE shopify_offline_tokens ADD COLUMN note TEXT NULL;
        CREATE TABLE IF NOT EXISTS test_step_runs (run INTEGER NOT NULL);
        INSERT INTO test_step_runs (run) VALUES (1);
        """);

    private readonly TempDirectory _directory = new();
    private readonly DataProtectionTokenProtector _protector = new(new EphemeralDataProtectionProvider());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => _directory.File("tokens.db");

    private SqliteTokenStore Store(IReadOnlyList<SqliteMigration> migrations) => new(new SqliteTokenStoreOptions { DataSource = Database }, _protector, timeProvider: null, migrations);

    [Fact]
    public async Task A_new_file_gets_the_current_schema_on_first_use()
    {
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, _protector);
        Assert.False(File.Exists(Database));

        await store.GetOfflineTokenAsync(Shop, Ct);

        Assert.Equal(SqliteSchema.Migrations[^1].Version, ReadVersion());
    }

    [Fact]
    public async Task A_file_from_an_older_version_is_migrated_and_keeps_its_tokens()
    {
        var token = new OfflineToken(Shop, "shpat_old", ScopeSet.Parse("read_orders"), Start.AddHours(1), "shprt_old", Start.AddDays(90));
        using (var old = Store(SqliteSchema.Migrations))
        {
            await old.SaveOfflineTokenAsync(token, Ct);
        }

        using var upgraded = Store([.. SqliteSchema.Migrations, NextStep]);

        Assert.Equal(token, await upgraded.GetOfflineTokenAsync(Shop, Ct));
        Assert.Equal(NextStep.Version, ReadVersion());
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM test_step_runs"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM pragma_table_info('shopify_offline_tokens') WHERE name = 'note'"));
    }

    [Fact]
    public async Task A_version_1_file_gains_the_reauthorization_mark_and_keeps_its_tokens_unmarked()
    {
        var token = new OfflineToken(Shop, "shpat_v1", ScopeSet.Parse("read_orders"), Start.AddHours(1), "shprt_v1", Start.AddDays(90));
        using (var connection = Open())
        {
            // The file as version 1 of the store left it, row written as that version wrote it.
            SqliteSchema.Migrate(connection, [SqliteSchema.Migrations[0]]);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO shopify_offline_tokens (shop, scopes, expires_at, refresh_expires_at, fingerprint, payload, updated_at)
                VALUES ($shop, 'read_orders', $expires, $refresh_expires, $fingerprint, $payload, 0);
                """;
            insert.Parameters.AddWithValue("$shop", Shop.Value);
            insert.Parameters.AddWithValue("$expires", token.ExpiresAt!.Value.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$refresh_expires", token.RefreshTokenExpiresAt!.Value.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$fingerprint", OfflineTokenFingerprint.Compute(token));
            insert.Parameters.AddWithValue("$payload", _protector.Protect(TokenPayloadSerializer.SerializeOffline(token)));
            insert.ExecuteNonQuery();
        }

        using var upgraded = Store(SqliteSchema.Migrations);

        Assert.Equal(token, await upgraded.GetOfflineTokenAsync(Shop, Ct));
        Assert.Equal(2, ReadVersion());
        Assert.True(await upgraded.TryRotateOfflineTokenAsync(token, token with { RequiresReauthorization = true }, Ct));
        Assert.True((await upgraded.GetOfflineTokenAsync(Shop, Ct))!.RequiresReauthorization);
    }

    [Fact]
    public async Task Processes_starting_together_apply_each_step_once()
    {
        using (var first = Store(SqliteSchema.Migrations))
        {
            await first.GetOfflineTokenAsync(Shop, Ct);
        }

        var stores = Enumerable.Range(0, 8).Select(_ => Store([.. SqliteSchema.Migrations, NextStep])).ToArray();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var opens = stores.Select(store => Task.Run(
                async () =>
                {
                    await start.Task;
                    await store.GetOfflineTokenAsync(Shop, Ct);
                },
                Ct)).ToArray();
            start.SetResult();
            await Task.WhenAll(opens);
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM test_step_runs"));
        Assert.Equal(NextStep.Version, ReadVersion());
    }

    [Fact]
    public async Task A_file_from_a_newer_version_is_refused_untouched()
    {
        using (var newer = Store([.. SqliteSchema.Migrations, NextStep]))
        {
            await newer.GetOfflineTokenAsync(Shop, Ct);
        }

        using var older = Store(SqliteSchema.Migrations);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await older.GetOfflineTokenAsync(Shop, Ct));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal(NextStep.Version, ReadVersion());
    }

    [Fact]
    public async Task A_file_shared_with_the_app_keeps_the_apps_tables_and_user_version()
    {
        using (var connection = Open())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 77; CREATE TABLE app_orders (id INTEGER PRIMARY KEY); INSERT INTO app_orders (id) VALUES (5);";
            command.ExecuteNonQuery();
        }

        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, _protector);
        await store.GetOfflineTokenAsync(Shop, Ct);

        Assert.Equal(77L, Scalar("PRAGMA user_version"));
        Assert.Equal(5L, Scalar("SELECT id FROM app_orders"));
        Assert.Equal(SqliteSchema.Migrations[^1].Version, ReadVersion());
    }

    [Fact]
    public void Steps_are_numbered_consecutively_from_one()
        => Assert.Equal(Enumerable.Range(1, SqliteSchema.Migrations.Count), SqliteSchema.Migrations.Select(m => m.Version));

    public void Dispose() => _directory.Dispose();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        return connection;
    }

    private int? ReadVersion()
    {
        using var connection = Open();
        return SqliteSchema.ReadVersion(connection);
    }

    private object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
