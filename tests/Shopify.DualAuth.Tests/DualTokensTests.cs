using static Shopify.DualAuth.Tests.TokenFixtures;

namespace Shopify.DualAuth.Tests;

public class DualTokensTests
{
    [Fact]
    public void ToString_reveals_neither_token()
    {
        var text = new DualTokens(Expiring(), Online()).ToString();

        AssertRevealsNothing(text);
        Assert.Contains("shpat_***", text, StringComparison.Ordinal);
        Assert.Contains("shprt_***", text, StringComparison.Ordinal);
        Assert.Contains("shpua_***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_tokens_are_required()
    {
        Assert.Throws<ArgumentNullException>(() => new DualTokens(null!, Online()));
        Assert.Throws<ArgumentNullException>(() => new DualTokens(Expiring(), null!));

        var tokens = new DualTokens(Expiring(), Online());
        Assert.Throws<ArgumentNullException>(() => tokens with { Offline = null! });
        Assert.Throws<ArgumentNullException>(() => tokens with { Online = null! });
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = new DualTokens(Expiring(), Online());
        var b = new DualTokens(Expiring(), Online());

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { Offline = Legacy() });
        var (offline, online) = a;
        Assert.Equal(Expiring(), offline);
        Assert.Equal(Online(), online);
    }
}
