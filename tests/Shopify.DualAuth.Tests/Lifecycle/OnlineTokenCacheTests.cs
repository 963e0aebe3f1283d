using Shopify.DualAuth.Lifecycle;

namespace Shopify.DualAuth.Tests.Lifecycle;

public sealed class OnlineTokenCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ShopDomain Shop = ShopDomain.Parse("cache.myshopify.com");
    private static readonly ShopDomain Other = ShopDomain.Parse("other.myshopify.com");

    private static OnlineToken Token(ShopDomain shop, long userId, DateTimeOffset expiresAt)
        => new(shop, "shpua_" + Guid.NewGuid().ToString("N"), ScopeSet.Parse("read_orders"), ScopeSet.Parse("read_orders"), expiresAt,
            new ShopifyUser(userId, "F", "L", "u@example.com", EmailVerified: true, AccountOwner: false, "en", Collaborator: false));

    [Fact]
    public void Tokens_are_kept_per_shop_and_user()
    {
        var cache = new OnlineTokenCache();
        var mine = Token(Shop, 1, Now.AddHours(1));
        cache.Set(mine, Now);
        cache.Set(Token(Other, 1, Now.AddHours(1)), Now);

        Assert.True(cache.TryGet(Shop, 1, Now, TimeSpan.FromSeconds(10), out var found));
        Assert.Same(mine, found);
        Assert.False(cache.TryGet(Shop, 2, Now, TimeSpan.FromSeconds(10), out _));
    }

    [Fact]
    public void A_token_within_the_margin_of_its_expiry_misses_and_is_dropped()
    {
        var cache = new OnlineTokenCache();
        cache.Set(Token(Shop, 1, Now.AddSeconds(30)), Now);

        Assert.True(cache.TryGet(Shop, 1, Now.AddSeconds(19), TimeSpan.FromSeconds(10), out _));
        Assert.False(cache.TryGet(Shop, 1, Now.AddSeconds(21), TimeSpan.FromSeconds(10), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Removing_a_shop_keeps_other_shops()
    {
        var cache = new OnlineTokenCache();
        cache.Set(Token(Shop, 1, Now.AddHours(1)), Now);
        cache.Set(Token(Shop, 2, Now.AddHours(1)), Now);
        cache.Set(Token(Other, 1, Now.AddHours(1)), Now);

        cache.RemoveShop(Shop);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Other, 1, Now, TimeSpan.Zero, out _));
    }

    [Fact]
    public void A_full_cache_drops_expired_tokens_then_those_expiring_soonest()
    {
        var cache = new OnlineTokenCache(capacity: 8);
        for (var user = 1; user <= 4; user++)
        {
            cache.Set(Token(Shop, user, Now.AddMinutes(-user)), Now.AddHours(-1));
        }

        for (var user = 5; user <= 8; user++)
        {
            cache.Set(Token(Shop, user, Now.AddHours(user)), Now);
        }

        cache.Set(Token(Shop, 9, Now.AddHours(9)), Now);

        Assert.True(cache.Count <= 8);
        Assert.All(Enumerable.Range(1, 4), user => Assert.False(cache.TryGet(Shop, user, Now, TimeSpan.Zero, out _)));
        Assert.True(cache.TryGet(Shop, 9, Now, TimeSpan.Zero, out _));
        Assert.True(cache.TryGet(Shop, 8, Now, TimeSpan.Zero, out _));

        // Still full of valid tokens: the ones expiring soonest make room.
        for (var user = 10; user <= 20; user++)
        {
            cache.Set(Token(Shop, user, Now.AddHours(user)), Now);
        }

        Assert.True(cache.Count <= 8);
        Assert.True(cache.TryGet(Shop, 20, Now, TimeSpan.Zero, out _));
        Assert.False(cache.TryGet(Shop, 5, Now, TimeSpan.Zero, out _));
    }
}
