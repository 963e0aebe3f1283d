using static Shopify.DualAuth.Tests.TokenFixtures;

namespace Shopify.DualAuth.Tests;

public class OnlineTokenTests
{
    [Fact]
    public void Holds_the_user_and_both_scope_sets()
    {
        var token = Online();

        Assert.Equal(Shop, token.Shop);
        Assert.Equal(OnlineAccessToken, token.AccessToken);
        Assert.Equal(Scopes, token.Scopes);
        Assert.Equal("write_orders", token.UserScopes.ToString());
        Assert.Equal(40620294219, token.User.Id);
        Assert.Equal(Issued.AddSeconds(86399), token.ExpiresAt);
    }

    [Fact]
    public void Required_values_are_checked_in_the_constructor()
    {
        var userScopes = ScopeSet.Parse("write_orders");
        var expires = Issued.AddDays(1);

        Assert.Throws<ArgumentNullException>(() => new OnlineToken(null!, OnlineAccessToken, Scopes, userScopes, expires, User));
        Assert.Throws<ArgumentNullException>(() => new OnlineToken(Shop, null!, Scopes, userScopes, expires, User));
        Assert.Throws<ArgumentException>(() => new OnlineToken(Shop, "  ", Scopes, userScopes, expires, User));
        Assert.Throws<ArgumentNullException>(() => new OnlineToken(Shop, OnlineAccessToken, null!, userScopes, expires, User));
        Assert.Throws<ArgumentNullException>(() => new OnlineToken(Shop, OnlineAccessToken, Scopes, null!, expires, User));
        Assert.Throws<ArgumentNullException>(() => new OnlineToken(Shop, OnlineAccessToken, Scopes, userScopes, expires, null!));
    }

    [Fact]
    public void Required_values_are_checked_in_a_with_expression()
    {
        var token = Online();

        Assert.Throws<ArgumentNullException>(() => token with { Shop = null! });
        Assert.Throws<ArgumentException>(() => token with { AccessToken = string.Empty });
        Assert.Throws<ArgumentNullException>(() => token with { Scopes = null! });
        Assert.Throws<ArgumentNullException>(() => token with { UserScopes = null! });
        Assert.Throws<ArgumentNullException>(() => token with { User = null! });
        Assert.Equal("shpua_next", (token with { AccessToken = "shpua_next" }).AccessToken);
    }

    [Fact]
    public void IsValidFor_needs_the_token_to_outlive_the_margin_strictly()
    {
        var token = Online();
        var margin = TimeSpan.FromSeconds(10);

        Assert.True(token.IsValidFor(token.ExpiresAt - margin - TimeSpan.FromTicks(1), margin));
        Assert.False(token.IsValidFor(token.ExpiresAt - margin, margin));
        Assert.True(token.IsValidFor(token.ExpiresAt - TimeSpan.FromTicks(1), TimeSpan.Zero));
        Assert.False(token.IsValidFor(token.ExpiresAt, TimeSpan.Zero));
        Assert.False((token with { ExpiresAt = DateTimeOffset.MaxValue }).IsValidFor(DateTimeOffset.MaxValue.AddSeconds(-1), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ToString_never_reveals_the_token_or_the_user()
    {
        var text = Online().ToString();

        AssertRevealsNothing(text);
        Assert.DoesNotContain("John", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Smith", text, StringComparison.Ordinal);
        Assert.Contains("UserId = 40620294219", text, StringComparison.Ordinal);
        Assert.Contains("AccessToken = shpua_***", text, StringComparison.Ordinal);
        Assert.Contains("UserScopes = write_orders", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Online();
        var b = new OnlineToken(ShopDomain.Parse("acme.myshopify.com"), OnlineAccessToken, ScopeSet.Parse("read_customers,write_orders"), ScopeSet.Parse("write_orders"), Issued.AddSeconds(86399), User with { });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { User = User with { Id = 42 } });
        Assert.NotEqual(a, a with { UserScopes = ScopeSet.Empty });
        Assert.NotEqual(a, a with { ExpiresAt = a.ExpiresAt.AddTicks(1) });
    }

    [Fact]
    public void Deconstructs_into_its_parts()
    {
        var (shop, accessToken, scopes, userScopes, expiresAt, user) = Online();

        Assert.Equal(Shop, shop);
        Assert.Equal(OnlineAccessToken, accessToken);
        Assert.Equal(Scopes, scopes);
        Assert.Equal("write_orders", userScopes.ToString());
        Assert.Equal(Issued.AddSeconds(86399), expiresAt);
        Assert.Equal(User, user);
    }
}
