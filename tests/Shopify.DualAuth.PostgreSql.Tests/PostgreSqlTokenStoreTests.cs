using System.Text;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.PostgreSql.Tests;

public sealed class PostgreSqlTokenStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_one_of_64_concurrent_rotations_from_the_same_token_wins()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        await using var otherSource = PostgresTestDatabase.OpenSource();
        var stores = new[] { db.Store(), db.Store(otherSource) };
        var shop = TestTokens.NewShop();
        var now = DateTimeOffset.UtcNow;
        var current = TestTokens.Expiring(shop, now);
        await stores[0].SaveOfflineTokenAsync(current, Ct);
        var replacements = Enumerable.Range(0, 64).Select(_ => TestTokens.Expiring(shop, now, TimeSpan.FromHours(2))).ToArray();

        using var start = new ManualResetEventSlim();
        var attempts = replacements.Select((replacement, i) => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await stores[i % 2].TryRotateOfflineTokenAsync(current, replacement, Ct);
            },
            Ct)).ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(won => won));
        Assert.Equal(replacements[Array.IndexOf(results, true)], await stores[1].GetOfflineTokenAsync(shop, Ct));
    }

    [Fact]
    public async Task Concurrent_refresh_loops_on_two_pools_build_one_unbroken_chain()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        await using var otherSource = PostgresTestDatabase.OpenSource();
        var stores = new[] { db.Store(), db.Store(otherSource) };
        var shop = TestTokens.NewShop();
        var now = DateTimeOffset.UtcNow;
        var first = TestTokens.Expiring(shop, now);
        await stores[0].SaveOfflineTokenAsync(first, Ct);
        var swaps = new System.Collections.Concurrent.ConcurrentBag<(OfflineToken From, OfflineToken To)>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(
            async () =>
            {
                for (var attempt = 0; attempt < 16; attempt++)
                {
                    var store = stores[worker % 2];
                    var seen = (await store.GetOfflineTokenAsync(shop, Ct))!;
                    var next = TestTokens.Expiring(shop, now, TimeSpan.FromMinutes(61 + attempt));
                    if (await store.TryRotateOfflineTokenAsync(seen, next, Ct))
                    {
                        swaps.Add((seen, next));
                    }
                }
            },
            Ct)));

        var byFrom = swaps.ToDictionary(s => s.From.AccessToken);
        var cursor = first;
        var visited = 0;
        while (byFrom.TryGetValue(cursor.AccessToken, out var swap))
        {
            cursor = swap.To;
            visited++;
        }

        Assert.True(swaps.Count >= 16, $"only {swaps.Count} rotations succeeded");
        Assert.Equal(swaps.Count, visited);
        Assert.Equal(cursor, await stores[0].GetOfflineTokenAsync(shop, Ct));
    }

    [Fact]
    public async Task Rotation_requires_both_the_access_and_the_refresh_token_to_match()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var store = db.Store();
        var shop = TestTokens.NewShop();
        var stored = TestTokens.Expiring(shop, DateTimeOffset.UtcNow);
        await store.SaveOfflineTokenAsync(stored, Ct);
        var replacement = TestTokens.Expiring(shop, DateTimeOffset.UtcNow, TimeSpan.FromHours(2));

        Assert.False(await store.TryRotateOfflineTokenAsync(stored with { RefreshToken = "shprt_other" }, replacement, Ct));
        Assert.False(await store.TryRotateOfflineTokenAsync(stored with { AccessToken = "shpat_other" }, replacement, Ct));
        Assert.Equal(stored, await store.GetOfflineTokenAsync(shop, Ct));
        Assert.True(await store.TryRotateOfflineTokenAsync(stored, replacement, Ct));
        Assert.Equal(replacement, await store.GetOfflineTokenAsync(shop, Ct));
    }

    [Fact]
    public async Task Expired_online_tokens_read_as_missing_and_the_sweep_deletes_their_rows()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = db.Store(time: time, cleanupInterval: TimeSpan.FromHours(1));
        var shop = TestTokens.NewShop();
        var shortLived = TestTokens.Online(shop, 1, time.GetUtcNow().AddMinutes(10));
        var longLived = TestTokens.Online(shop, 2, time.GetUtcNow().AddDays(1));
        await store.SaveOnlineTokenAsync(shortLived, Ct);
        await store.SaveOnlineTokenAsync(longLived, Ct);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await store.GetOnlineTokenAsync(shop, 1, Ct));
        Assert.Equal(longLived, await store.GetOnlineTokenAsync(shop, 2, Ct));
        Assert.Equal(2, await db.CountAsync("online_tokens"));

        // The next save after the interval carries the sweep.
        time.Advance(TimeSpan.FromHours(1));
        await store.SaveOnlineTokenAsync(TestTokens.Online(shop, 3, time.GetUtcNow().AddDays(1)), Ct);
        Assert.Equal(2, await db.CountAsync("online_tokens"));
        Assert.Null(await store.GetOnlineTokenAsync(shop, 1, Ct));

        await store.SaveOnlineTokenAsync(TestTokens.Online(shop, 4, time.GetUtcNow().AddMinutes(1)), Ct);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await store.DeleteExpiredOnlineTokensAsync(Ct));
        Assert.Equal(2, await db.CountAsync("online_tokens"));
    }

    [Fact]
    public async Task Deleting_a_shop_removes_its_rows_and_no_other_shops()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var store = db.Store();
        var now = DateTimeOffset.UtcNow;
        var gone = TestTokens.NewShop("gone");
        var kept = TestTokens.NewShop("kept");
        foreach (var shop in new[] { gone, kept })
        {
            await store.SaveOfflineTokenAsync(TestTokens.Expiring(shop, now), Ct);
            for (var user = 1; user <= 3; user++)
            {
                await store.SaveOnlineTokenAsync(TestTokens.Online(shop, user, now.AddHours(1)), Ct);
            }
        }

        await store.DeleteShopAsync(gone, Ct);

        Assert.All(await db.RowsAsync("offline_tokens"), row => Assert.Equal(kept.Value, row[0]));
        Assert.All(await db.RowsAsync("online_tokens"), row => Assert.Equal(kept.Value, row[0]));
        Assert.Equal(1, await db.CountAsync("offline_tokens"));
        Assert.Equal(3, await db.CountAsync("online_tokens"));
    }

    [Fact]
    public async Task Raw_columns_hold_no_token_or_email_in_clear()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var secrets = await WriteEverythingAsync(db.Store());

        var raw = Encoding.UTF8.GetString(await db.RawBytesAsync());
        Assert.Contains("read_orders", raw, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_raw_data_check_does_find_tokens_stored_in_plaintext()
    {
        // The control for the test above: with plaintext allowed, the same search finds every secret.
        await using var db = PostgresTestDatabase.WithNewSchema();
        var secrets = await WriteEverythingAsync(db.Store(protector: null, allowPlaintext: true));

        var raw = Encoding.UTF8.GetString(await db.RawBytesAsync());
        foreach (var secret in secrets)
        {
            Assert.Contains(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refuses_to_start_without_a_protector_unless_plaintext_is_allowed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PostgreSqlTokenStore(PostgresTestDatabase.Shared, new PostgreSqlTokenStoreOptions(), protector: null));
        Assert.Contains("AllowPlaintext", error.Message, StringComparison.Ordinal);
        _ = new PostgreSqlTokenStore(PostgresTestDatabase.Shared, new PostgreSqlTokenStoreOptions { AllowPlaintext = true }, protector: null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("1starts_with_digit")]
    [InlineData("semi;colon")]
    [InlineData("quote\"d")]
    public void Rejects_a_schema_name_that_is_not_a_plain_identifier(string schema)
        => Assert.Throws<ArgumentException>(() => new PostgreSqlTokenStore(PostgresTestDatabase.Shared, new PostgreSqlTokenStoreOptions { Schema = schema }, AesGcmTestProtector.Shared));

    [Fact]
    public async Task Due_listing_pages_in_byte_order_of_shops_across_both_expiries()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var store = db.Store();
        var now = DateTimeOffset.UtcNow;

        // '-' sorts before letters in byte order but not in most locale collations.
        var shops = new[] { "a-b", "ab", "a0", "b", "z-z", "zz" }.Select(h => TestTokens.Shop(h + ".myshopify.com")).ToArray();
        foreach (var (shop, i) in shops.Select((s, i) => (s, i)))
        {
            var token = TestTokens.Expiring(shop, now, TimeSpan.FromMinutes(i % 2 == 0 ? 2 : 50));
            await store.SaveOfflineTokenAsync(i % 3 == 0 ? token with { RefreshTokenExpiresAt = TestTokens.Ms(now.AddDays(1)) } : token, Ct);
        }

        await store.SaveOfflineTokenAsync(TestTokens.Legacy(TestTokens.NewShop("legacy")), Ct);
        var listed = new List<string>();
        ShopDomain? after = null;
        while (true)
        {
            var page = await store.ListDueOfflineTokensAsync(new DueOfflineTokensQuery(now.AddMinutes(5), now.AddDays(2), after, PageSize: 2), Ct);
            listed.AddRange(page.Select(t => t.Shop.Value));
            if (page.Count < 2)
            {
                break;
            }

            after = page[^1].Shop;
        }

        var expected = shops.Where((_, i) => i % 2 == 0 || i % 3 == 0).Select(s => s.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, listed);
    }

    private static async Task<string[]> WriteEverythingAsync(PostgreSqlTokenStore store)
    {
        var now = DateTimeOffset.UtcNow;
        var shop = TestTokens.NewShop();
        var first = TestTokens.Expiring(shop, now);
        var second = TestTokens.Expiring(shop, now, TimeSpan.FromHours(2));
        var online = TestTokens.Online(shop, 42, now.AddHours(1));
        var legacy = TestTokens.Legacy(TestTokens.NewShop("legacy"));
        await store.SaveOfflineTokenAsync(first, Ct);
        Assert.True(await store.TryRotateOfflineTokenAsync(first, second, Ct));
        await store.SaveOnlineTokenAsync(online, Ct);
        await store.SaveOfflineTokenAsync(legacy, Ct);
        return [.. TestTokens.Secrets(second), .. TestTokens.Secrets(online), .. TestTokens.Secrets(legacy)];
    }
}
