using static Shopify.DualAuth.Tests.TokenFixtures;

namespace Shopify.DualAuth.Tests;

public class SessionTokenTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1591765058);

    private static SessionToken Token() => new(
        Jwt,
        ShopDomain.Parse("shop-name.myshopify.com"),
        42,
        "aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685",
        "f8912129-1af6-4cad-9ca3-76b0f7621087",
        Expiry);

    [Fact]
    public void Holds_the_validated_claims_and_the_raw_token()
    {
        var token = Token();

        Assert.Equal(Jwt, token.RawToken);
        Assert.Equal("shop-name.myshopify.com", token.Shop.Value);
        Assert.Equal(42, token.UserId);
        Assert.Equal("f8912129-1af6-4cad-9ca3-76b0f7621087", token.TokenId);
        Assert.StartsWith("aaea182f", token.SessionId, StringComparison.Ordinal);
        Assert.Equal(Expiry, token.ExpiresAt);
    }

    [Fact]
    public void ToString_never_prints_the_jwt_or_any_of_its_segments()
    {
        var text = Token().ToString();

        AssertRevealsNothing(text);
        foreach (var segment in Jwt.Split('.'))
        {
            Assert.DoesNotContain(segment, text, StringComparison.Ordinal);
        }

        Assert.Contains("Shop = shop-name.myshopify.com", text, StringComparison.Ordinal);
        Assert.Contains("UserId = 42", text, StringComparison.Ordinal);
        Assert.Contains("ExpiresAt = 2020-06-10T04:57:38.0000000+00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_values_are_checked()
    {
        var shop = ShopDomain.Parse("shop-name.myshopify.com");

        Assert.Throws<ArgumentNullException>(() => new SessionToken(null!, shop, 42, string.Empty, string.Empty, Expiry));
        Assert.Throws<ArgumentException>(() => new SessionToken(string.Empty, shop, 42, string.Empty, string.Empty, Expiry));
        Assert.Throws<ArgumentNullException>(() => new SessionToken(Jwt, null!, 42, string.Empty, string.Empty, Expiry));
        Assert.Throws<ArgumentNullException>(() => new SessionToken(Jwt, shop, 42, null!, string.Empty, Expiry));
        Assert.Throws<ArgumentNullException>(() => new SessionToken(Jwt, shop, 42, string.Empty, null!, Expiry));
        Assert.Equal(string.Empty, new SessionToken(Jwt, shop, 42, string.Empty, string.Empty, Expiry).SessionId);
    }
}
