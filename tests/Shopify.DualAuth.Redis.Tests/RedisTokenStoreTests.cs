using System.Text;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis.Tests;

public sealed class RedisTokenStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IDatabase Db => RedisTestServer.Shared.GetDatabase();

    [Fact]
    public async Task Only_one_of_64_concurrent_rotations_from_the_same_token_wins()
    {
        var prefix = RedisTestServer.NewPrefix();
        var shop = TestTokens.NewShop();
        var now = DateTimeOffset.UtcNow;
        using var other = RedisTestServer.Open();
        var stores = new[] { RedisTestServer.Store(prefix), RedisTestServer.Store(prefix, connection: other) };
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
        var winner = replacements[Array.IndexOf(results, true)];
        var stored = await stores[1].GetOfflineTokenAsync(shop, Ct);
        Assert.Equal(winner, stored);
    }

    [Fact]
    public async Task Concurrent_refresh_loops_on_two_connections_build_one_unbroken_chain()
    {
        var prefix = RedisTestServer.NewPrefix();
        var shop = TestTokens.NewShop();
        var now = DateTimeOffset.UtcNow;
        using var other = RedisTestServer.Open();
        var stores = new[] { RedisTestServer.Store(prefix), RedisTestServer.Store(prefix, connection: other) };
        var first = TestTokens.Expiring(shop, now);
        await stores[0].SaveOfflineTokenAsync(first, Ct);
        var swaps = new System.Collections.Concurrent.ConcurrentBag<(OfflineToken From, OfflineToken To)>();

        // Each worker re-reads and rotates, as instances refreshing the same shop would.
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

        // Every successful swap started from the previous winner: following the chain from the
        // first token visits every swap exactly once and ends at the stored token.
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
        var store = RedisTestServer.Store(RedisTestServer.NewPrefix());
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
    public async Task Online_token_keys_expire_with_the_token_and_the_index_outlives_them()
    {
        var prefix = RedisTestServer.NewPrefix();
        var store = RedisTestServer.Store(prefix);
        var shop = TestTokens.NewShop();
        var now = DateTimeOffset.UtcNow;
        await store.SaveOnlineTokenAsync(TestTokens.Online(shop, 1, now.AddHours(1)), Ct);
        await store.SaveOnlineTokenAsync(TestTokens.Online(shop, 2, now.AddMinutes(10)), Ct);

        var keys = await RedisTestServer.KeysAsync(prefix);
        var userKey = Assert.Single(keys, k => k.ToString().EndsWith(":1", StringComparison.Ordinal));
        var ttl = await Db.KeyTimeToLiveAsync(userKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        var shortKey = Assert.Single(keys, k => k.ToString().EndsWith(":2", StringComparison.Ordinal));
        Assert.InRange((await Db.KeyTimeToLiveAsync(shortKey))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        var index = Assert.Single(keys, k => k.ToString().Contains(":online-index:", StringComparison.Ordinal));
        Assert.InRange((await Db.KeyTimeToLiveAsync(index))!.Value, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task An_online_token_Redis_expired_leaves_the_index_on_the_next_write()
    {
        var prefix = RedisTestServer.NewPrefix();
        var store = RedisTestServer.Store(prefix);
        var shop = TestTokens.NewShop();
        await store.SaveOnlineTokenAsync(TestTokens.Online(shop, 1, DateTimeOffset.UtcNow.AddMilliseconds(300)), Ct);
        var index = (await RedisTestServer.KeysAsync(prefix)).Single(k => k.ToString().Contains(":online-index:", StringComparison.Ordinal));
        Assert.Equal(1, await Db.SortedSetLengthAsync(index));

        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);
        await store.SaveOnlineTokenAsync(TestTokens.Online(shop, 2, DateTimeOffset.UtcNow.AddHours(1)), Ct);

        Assert.Equal(new RedisValue[] { "2" }, await Db.SortedSetRangeByRankAsync(index));
        Assert.Null(await store.GetOnlineTokenAsync(shop, 1, Ct));
    }

    [Fact]
    public async Task The_index_matches_the_stored_online_tokens_after_concurrent_saves_and_deletes()
    {
        var prefix = RedisTestServer.NewPrefix();
        using var other = RedisTestServer.Open();
        var stores = new[] { RedisTestServer.Store(prefix), RedisTestServer.Store(prefix, connection: other) };
        var shop = TestTokens.NewShop();
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(
            async () =>
            {
                var store = stores[i % 2];
                var userId = 1000 + (i % 40);
                if (i % 3 == 2)
                {
                    await store.DeleteOnlineTokenAsync(shop, userId, Ct);
                }
                else
                {
                    await store.SaveOnlineTokenAsync(TestTokens.Online(shop, userId, expires), Ct);
                }
            },
            Ct)));

        var keys = await RedisTestServer.KeysAsync(prefix);
        var onlineKeyUsers = keys.Select(k => k.ToString()).Where(k => k.Contains(":online:", StringComparison.Ordinal))
            .Select(k => k[(k.LastIndexOf(':') + 1)..]).Order(StringComparer.Ordinal).ToArray();
        var index = keys.Single(k => k.ToString().Contains(":online-index:", StringComparison.Ordinal));
        var indexed = (await Db.SortedSetRangeByRankAsync(index)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(onlineKeyUsers, indexed);
        Assert.NotEmpty(onlineKeyUsers);

        await stores[0].DeleteShopAsync(shop, Ct);
        Assert.Empty(await RedisTestServer.KeysAsync(prefix));
    }

    [Fact]
    public async Task Deleting_a_shop_removes_every_key_of_that_shop_and_none_of_another()
    {
        var prefix = RedisTestServer.NewPrefix();
        var store = RedisTestServer.Store(prefix);
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

        var before = (await RedisTestServer.KeysAsync(prefix)).Select(k => k.ToString()).ToHashSet();
        await store.DeleteShopAsync(gone, Ct);
        var after = (await RedisTestServer.KeysAsync(prefix)).Select(k => k.ToString()).ToHashSet();

        Assert.DoesNotContain(after, k => k.Contains(gone.Value, StringComparison.Ordinal));
        Assert.Equal(before.Where(k => !k.Contains(gone.Value, StringComparison.Ordinal)).ToHashSet(), after);
        Assert.Contains(after, k => k.Contains(kept.Value, StringComparison.Ordinal));
        var dueSets = after.Where(k => k.Contains(":due:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, dueSets.Length);
        foreach (var set in dueSets)
        {
            Assert.Null(await Db.SortedSetScoreAsync(set, gone.Value));
            Assert.NotNull(await Db.SortedSetScoreAsync(set, kept.Value));
        }

        Assert.Null(await store.GetOfflineTokenAsync(gone, Ct));
        Assert.Null(await store.GetOnlineTokenAsync(gone, 1, Ct));
        Assert.NotNull(await store.GetOnlineTokenAsync(kept, 3, Ct));
    }

    [Fact]
    public async Task Raw_Redis_data_holds_no_token_or_email_in_clear()
    {
        var prefix = RedisTestServer.NewPrefix();
        var secrets = await WriteEverythingAsync(RedisTestServer.Store(prefix));

        var raw = Encoding.UTF8.GetString(await RedisTestServer.RawBytesAsync(prefix));
        Assert.NotEmpty(raw);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_raw_data_check_does_find_tokens_stored_in_plaintext()
    {
        // The control for the test above: with plaintext allowed, the same search finds every secret.
        var prefix = RedisTestServer.NewPrefix();
        var secrets = await WriteEverythingAsync(RedisTestServer.Store(prefix, protector: null, allowPlaintext: true));

        var raw = Encoding.UTF8.GetString(await RedisTestServer.RawBytesAsync(prefix));
        foreach (var secret in secrets)
        {
            Assert.Contains(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refuses_to_start_without_a_protector_unless_plaintext_is_allowed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RedisTokenStore(RedisTestServer.Shared, new RedisTokenStoreOptions(), protector: null));
        Assert.Contains("AllowPlaintext", error.Message, StringComparison.Ordinal);
        _ = new RedisTokenStore(RedisTestServer.Shared, new RedisTokenStoreOptions { AllowPlaintext = true }, protector: null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("brace{")]
    [InlineData("brace}")]
    public void Rejects_a_key_prefix_that_would_break_the_key_layout(string prefix)
        => Assert.Throws<ArgumentException>(() => RedisTestServer.Store(prefix));

    [Fact]
    public async Task The_due_sets_follow_saves_rotations_and_legacy_tokens()
    {
        var prefix = RedisTestServer.NewPrefix();
        var store = RedisTestServer.Store(prefix);
        var now = DateTimeOffset.UtcNow;
        var shop = TestTokens.NewShop();
        var soon = TestTokens.Expiring(shop, now, TimeSpan.FromMinutes(3));
        await store.SaveOfflineTokenAsync(soon, Ct);
        var query = new DueOfflineTokensQuery(now.AddMinutes(5), null);
        Assert.Equal([soon], await store.ListDueOfflineTokensAsync(query, Ct));

        var later = TestTokens.Expiring(shop, now, TimeSpan.FromMinutes(60));
        Assert.True(await store.TryRotateOfflineTokenAsync(soon, later, Ct));
        Assert.Empty(await store.ListDueOfflineTokensAsync(query, Ct));
        var dueByAccess = (RedisKey)("{" + prefix + "}:due:access");
        Assert.Equal(later.ExpiresAt!.Value.ToUnixTimeMilliseconds(), (long)(await Db.SortedSetScoreAsync(dueByAccess, shop.Value))!.Value);

        await store.SaveOfflineTokenAsync(TestTokens.Legacy(shop), Ct);
        Assert.Null(await Db.SortedSetScoreAsync(dueByAccess, shop.Value));
        Assert.Empty(await store.ListDueOfflineTokensAsync(new DueOfflineTokensQuery(DateTimeOffset.MaxValue, DateTimeOffset.MaxValue), Ct));
    }

    [Fact]
    public async Task Due_listing_pages_in_ordinal_shop_order_across_both_expiries()
    {
        var store = RedisTestServer.Store(RedisTestServer.NewPrefix());
        var now = DateTimeOffset.UtcNow;

        // '-' sorts before letters in byte order but not in most locale collations.
        var shops = new[] { "a-b", "ab", "a0", "b", "z-z", "zz" }.Select(h => TestTokens.Shop(h + ".myshopify.com")).ToArray();
        foreach (var (shop, i) in shops.Select((s, i) => (s, i)))
        {
            var token = TestTokens.Expiring(shop, now, TimeSpan.FromMinutes(i % 2 == 0 ? 2 : 50));
            await store.SaveOfflineTokenAsync(i % 3 == 0 ? token with { RefreshTokenExpiresAt = TestTokens.Ms(now.AddDays(1)) } : token, Ct);
        }

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

        // Due: even indexes by access expiry, multiples of three by refresh expiry.
        var expected = shops.Where((_, i) => i % 2 == 0 || i % 3 == 0).Select(s => s.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task The_store_clock_decides_online_expiry_even_while_Redis_still_holds_the_key()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var prefix = RedisTestServer.NewPrefix();
        var store = RedisTestServer.Store(prefix, time: time);
        var shop = TestTokens.NewShop();
        var token = TestTokens.Online(shop, 7, time.GetUtcNow().AddMinutes(5));
        await store.SaveOnlineTokenAsync(token, Ct);
        Assert.Equal(token, await store.GetOnlineTokenAsync(shop, 7, Ct));

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(await store.GetOnlineTokenAsync(shop, 7, Ct));
        Assert.Contains(await RedisTestServer.KeysAsync(prefix), k => k.ToString().EndsWith(":7", StringComparison.Ordinal));

        // Deleting the shop still finds the key through the index.
        await store.DeleteShopAsync(shop, Ct);
        Assert.Empty(await RedisTestServer.KeysAsync(prefix));
    }

    private static async Task<string[]> WriteEverythingAsync(RedisTokenStore store)
    {
        var now = DateTimeOffset.UtcNow;
        var shop = TestTokens.NewShop();
        var first = TestTokens.Expiring(shop, now);
        var second = TestTokens.Expiring(shop, now, TimeSpan.FromHours(2));
        var online = TestTokens.Online(shop, 42, now.AddHours(1));
        var legacyShop = TestTokens.NewShop("legacy");
        var legacy = TestTokens.Legacy(legacyShop);
        await store.SaveOfflineTokenAsync(first, Ct);
        Assert.True(await store.TryRotateOfflineTokenAsync(first, second, Ct));
        await store.SaveOnlineTokenAsync(online, Ct);
        await store.SaveOfflineTokenAsync(legacy, Ct);
        return [.. TestTokens.Secrets(second), .. TestTokens.Secrets(online), .. TestTokens.Secrets(legacy)];
    }
}
