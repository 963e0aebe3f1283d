using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Tests.Internal;

public class ShopDomainCacheTests
{
    [Fact]
    public void A_canonical_shop_is_interned()
    {
        Assert.True(ShopDomainCache.TryGet("interned-shop.myshopify.com", out var first));
        Assert.True(ShopDomainCache.TryGet("interned-shop.myshopify.com".AsSpan(), out var second));

        Assert.Equal("interned-shop.myshopify.com", first.Value);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("Mixed-Case.MyShopify.com", "mixed-case.myshopify.com")]
    [InlineData("https://url-form.myshopify.com/", "url-form.myshopify.com")]
    public void Other_accepted_spellings_parse_to_the_canonical_shop(string input, string expected)
    {
        Assert.True(ShopDomainCache.TryGet(input, out var shop));
        Assert.Equal(expected, shop.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("evil.com")]
    [InlineData("shop.myshopify.com.evil.com")]
    [InlineData("-dash.myshopify.com")]
    public void Anything_else_is_rejected(string input)
    {
        Assert.False(ShopDomainCache.TryGet(input, out var shop));
        Assert.Null(shop);
    }

    [Fact]
    public void The_cache_stays_bounded()
    {
        var before = ShopDomainCache.Count;
        for (var i = 0; i < 200; i++)
        {
            Assert.True(ShopDomainCache.TryGet($"bounded-{i}.myshopify.com", out _));
        }

        Assert.InRange(ShopDomainCache.Count, Math.Min(before + 1, ShopDomainCache.Capacity), ShopDomainCache.Capacity);
    }
}
