using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteTokenStoreTests : IDisposable
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("sqlite.myshopify.com");
    private static readonly ShopDomain OtherShop = ShopDomain.Parse("sqlite-other.myshopify.com");
    private static readonly ScopeSet Scopes = ScopeSet.Parse("read_orders");
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ITokenProtector _protector = new DataProtectionTokenProtector(new EphemeralDataProtectionProvider());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => _directory.File("tokens.db");

    private static OfflineToken Expiring(ShopDomain shop, string id) => new(shop, "shpat_" + id, Scopes, Start.AddHours(1), "shprt_" + id, Start.AddDays(90));

    private static OnlineToken Online(long userId, DateTimeOffset expiresAt)
        => new(Shop, "shpua_" + userId, Scopes, Scopes, expiresAt, new ShopifyUser(userId, "A", "B", "a@example.com", true, false, "en", false));

    private SqliteTokenStore Store(TimeProvider? clock = null) => new(new SqliteTokenStoreOptions { DataSource = Database }, _protector, clock);

    [Fact]
    public void Refuses_to_start_without_a_protector_and_says_which_option_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, protector: null));

        Assert.Contains("SqliteTokenStoreOptions.AllowPlaintext", error.Message, StringComparison.Ordinal);
        Assert.Contains("ProtectTokensWithDataProtection()", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("Data Source=a.db", "a.db", "not both")]
    [InlineData(" ", null, "ConnectionString is blank")]
    [InlineData(null, " ", "DataSource is blank")]
    public void Rejects_contradictory_or_blank_locations(string? connectionString, string? dataSource, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SqliteTokenStore(new SqliteTokenStoreOptions { ConnectionString = connectionString, DataSource = dataSource }, _protector));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stores_plaintext_only_when_allowed_explicitly()
    {
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database, AllowPlaintext = true }, protector: null);
        var token = Expiring(Shop, "plain");

        await store.SaveOfflineTokenAsync(token, Ct);

        Assert.Equal(token, await store.GetOfflineTokenAsync(Shop, Ct));
        Assert.True(TempDirectory.ReadDatabaseBytes(Database).AsSpan().IndexOf("shprt_plain"u8) >= 0);
    }

    [Fact]
    public async Task Accepts_a_connection_string_and_creates_missing_folders()
    {
        var nested = Path.Combine(_directory.Path, "a", "b", "tokens.db");
        using (var byPath = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = nested }, _protector))
        {
            await byPath.SaveOfflineTokenAsync(Expiring(Shop, "nested"), Ct);
        }

        using var byConnectionString = new SqliteTokenStore(new SqliteTokenStoreOptions { ConnectionString = $"Data Source={nested}" }, _protector);
        Assert.Equal("shpat_nested", (await byConnectionString.GetOfflineTokenAsync(Shop, Ct))?.AccessToken);
    }

    [Fact]
    public async Task Keeps_the_fingerprint_column_in_step_with_the_tokens()
    {
        using var store = Store();
        var first = Expiring(Shop, "one");
        var second = Expiring(Shop, "two");
        await store.SaveOfflineTokenAsync(first, Ct);
        Assert.Equal(OfflineTokenFingerprint.Compute(first), Scalar("SELECT fingerprint FROM shopify_offline_tokens"));

        Assert.True(await store.TryRotateOfflineTokenAsync(first, second, Ct));

        Assert.Equal(OfflineTokenFingerprint.Compute(second), Scalar("SELECT fingerprint FROM shopify_offline_tokens"));
    }

    [Fact]
    public async Task A_tampered_payload_fails_to_decrypt()
    {
        using var store = Store();
        await store.SaveOfflineTokenAsync(Expiring(Shop, "tamper"), Ct);
        Assert.NotNull(await store.GetOfflineTokenAsync(Shop, Ct));
        var payload = (byte[])Scalar("SELECT payload FROM shopify_offline_tokens")!;
        payload[^1] ^= 1;
        Execute("UPDATE shopify_offline_tokens SET payload = $p", ("$p", payload));

        await Assert.ThrowsAnyAsync<CryptographicException>(async () => await store.GetOfflineTokenAsync(Shop, Ct));
    }

    [Fact]
    public async Task A_payload_copied_into_another_shops_row_is_rejected()
    {
        using var store = Store();
        await store.SaveOfflineTokenAsync(Expiring(Shop, "victim"), Ct);
        await store.SaveOfflineTokenAsync(Expiring(OtherShop, "attacker"), Ct);
        Assert.NotNull(await store.GetOfflineTokenAsync(OtherShop, Ct));

        Execute("UPDATE shopify_offline_tokens SET payload = (SELECT payload FROM shopify_offline_tokens WHERE shop = $from) WHERE shop = $to", ("$from", Shop.Value), ("$to", OtherShop.Value));

        await Assert.ThrowsAsync<FormatException>(async () => await store.GetOfflineTokenAsync(OtherShop, Ct));
    }

    [Fact]
    public async Task A_read_sees_what_another_store_on_the_file_wrote_since_it_last_read()
    {
        using var reader = Store();
        using var writer = Store();
        var first = Expiring(Shop, "first");
        var second = Expiring(Shop, "second");
        await writer.SaveOfflineTokenAsync(first, Ct);
        await writer.SaveOnlineTokenAsync(Online(1, Start.AddYears(100)), Ct);
        Assert.Equal(first, await reader.GetOfflineTokenAsync(Shop, Ct));
        Assert.Equal("shpua_1", (await reader.GetOnlineTokenAsync(Shop, 1, Ct))?.AccessToken);

        Assert.True(await writer.TryRotateOfflineTokenAsync(first, second, Ct));
        await writer.UpdateScopesAsync(Shop, ScopeSet.Parse("write_orders"), Ct);
        await writer.SaveOnlineTokenAsync(Online(1, Start.AddYears(100)) with { AccessToken = "shpua_renewed" }, Ct);

        Assert.Equal(second with { Scopes = ScopeSet.Parse("write_orders") }, await reader.GetOfflineTokenAsync(Shop, Ct));
        Assert.Equal("shpua_renewed", (await reader.GetOnlineTokenAsync(Shop, 1, Ct))?.AccessToken);
        await writer.DeleteShopAsync(Shop, Ct);
        Assert.Null(await reader.GetOfflineTokenAsync(Shop, Ct));
        Assert.Null(await reader.GetOnlineTokenAsync(Shop, 1, Ct));
    }

    [Fact]
    public async Task Deletes_expired_online_tokens_as_tokens_are_saved()
    {
        var clock = new FakeTimeProvider(Start);
        using var store = Store(clock);
        for (var user = 1; user <= 10; user++)
        {
            await store.SaveOnlineTokenAsync(Online(user, Start.AddMinutes(1)), Ct);
        }

        clock.Advance(TimeSpan.FromMinutes(6));
        await store.SaveOnlineTokenAsync(Online(99, clock.GetUtcNow().AddHours(1)), Ct);

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM shopify_online_tokens"));
    }

    [Fact]
    public async Task Runs_in_wal_mode_with_user_ids_and_expiry_queryable()
    {
        using var store = Store();
        await store.SaveOnlineTokenAsync(Online(9_007_199_254_740_993, Start.AddYears(100)), Ct);

        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal(9_007_199_254_740_993L, Scalar("SELECT user_id FROM shopify_online_tokens"));
        Assert.Equal(Start.AddYears(100).ToUnixTimeMilliseconds(), Scalar("SELECT expires_at FROM shopify_online_tokens"));
    }

    [Fact]
    public async Task A_cancelled_call_does_nothing()
    {
        using var store = Store();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SaveOfflineTokenAsync(Expiring(Shop, "cancelled"), cancelled.Token));

        Assert.Null(await store.GetOfflineTokenAsync(Shop, Ct));
    }

    [Fact]
    public async Task A_disposed_store_refuses_work()
    {
        var store = Store();
        await store.SaveOfflineTokenAsync(Expiring(Shop, "disposed"), Ct);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.GetOfflineTokenAsync(Shop, Ct));
    }

    public void Dispose() => _directory.Dispose();

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
