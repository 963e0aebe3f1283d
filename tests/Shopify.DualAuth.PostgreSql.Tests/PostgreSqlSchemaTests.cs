using Npgsql;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.PostgreSql.Tests;

public sealed class PostgreSqlSchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_use_creates_the_schema_from_nothing_and_records_its_version()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        Assert.Empty(await TablesAsync(db.Schema));

        var store = db.Store();
        Assert.Null(await store.GetOfflineTokenAsync(TestTokens.NewShop(), Ct));

        Assert.Equal(["offline_tokens", "online_tokens", "schema_migrations"], await TablesAsync(db.Schema));
        Assert.Equal(new[] { 1, 2 }, await VersionsAsync(db.Schema));
    }

    [Fact]
    public async Task Eight_instances_starting_at_once_migrate_exactly_once()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var sources = Enumerable.Range(0, 8).Select(_ => PostgresTestDatabase.OpenSource()).ToArray();
        try
        {
            using var start = new ManualResetEventSlim();
            var shop = TestTokens.NewShop();
            var starts = sources.Select((source, i) => Task.Run(
                async () =>
                {
                    var store = db.Store(source);
                    start.Wait(Ct);
                    await store.SaveOnlineTokenAsync(TestTokens.Online(shop, i, DateTimeOffset.UtcNow.AddHours(1)), Ct);
                },
                Ct)).ToArray();
            start.Set();
            await Task.WhenAll(starts);

            Assert.Equal(new[] { 1, 2 }, await VersionsAsync(db.Schema));
            Assert.Equal(8, await db.CountAsync("online_tokens"));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_migrated_schema_is_used_by_a_database_user_who_may_not_create_anything()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        await db.Store().EnsureSchemaAsync(Ct);
        var role = "app_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"""
            CREATE ROLE {role} LOGIN;
            GRANT USAGE ON SCHEMA "{db.Schema}" TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{db.Schema}" TO {role};
            """);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Username = role, Pooling = false };
            await using var source = PostgresTestDatabase.OpenSource(builder.ConnectionString);
            var store = db.Store(source);
            var token = TestTokens.Expiring(TestTokens.NewShop(), DateTimeOffset.UtcNow);

            await store.SaveOfflineTokenAsync(token, Ct);

            Assert.Equal(token, await store.GetOfflineTokenAsync(token.Shop, Ct));
        }
        finally
        {
            await ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role};");
        }
    }

    [Fact]
    public async Task A_failed_first_start_is_retried_by_the_next_call()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Port = 1, Timeout = 2 };
        await using var unreachable = PostgresTestDatabase.OpenSource(builder.ConnectionString);
        var down = db.Store(unreachable);
        await Assert.ThrowsAnyAsync<Exception>(() => down.EnsureSchemaAsync(Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => down.EnsureSchemaAsync(Ct));
        Assert.Empty(await TablesAsync(db.Schema));

        var store = db.Store();
        await store.EnsureSchemaAsync(Ct);
        Assert.Equal(new[] { 1, 2 }, await VersionsAsync(db.Schema));
    }

    private static async Task<string[]> TablesAsync(string schema)
    {
        await using var command = PostgresTestDatabase.Shared.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var tables = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            tables.Add(reader.GetString(0));
        }

        return [.. tables];
    }

    private static async Task<int[]> VersionsAsync(string schema)
    {
        await using var command = PostgresTestDatabase.Shared.CreateCommand($"SELECT version FROM \"{schema}\".schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(Ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return [.. versions];
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var command = PostgresTestDatabase.Shared.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
