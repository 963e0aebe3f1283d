using static Shopify.DualAuth.Tests.TokenFixtures;

namespace Shopify.DualAuth.Tests;

public class OfflineTokenTests
{
    [Fact]
    public void An_expiring_token_holds_all_three_expiry_fields()
    {
        var token = Expiring();

        Assert.True(token.IsExpiring);
        Assert.Equal(Shop, token.Shop);
        Assert.Equal(AccessToken, token.AccessToken);
        Assert.Equal(Scopes, token.Scopes);
        Assert.Equal(Issued.AddHours(1), token.ExpiresAt);
        Assert.Equal(RefreshToken, token.RefreshToken);
        Assert.Equal(Issued.AddDays(90), token.RefreshTokenExpiresAt);
    }

    [Fact]
    public void A_legacy_token_holds_none_of_them()
    {
        var token = Legacy();

        Assert.False(token.IsExpiring);
        Assert.Null(token.ExpiresAt);
        Assert.Null(token.RefreshToken);
        Assert.Null(token.RefreshTokenExpiresAt);
    }

    public static TheoryData<DateTimeOffset?, string?, DateTimeOffset?, string> InconsistentExpiry => new()
    {
        { Issued, null, null, "refreshToken" },
        { null, RefreshToken, null, "expiresAt" },
        { null, null, Issued, "expiresAt" },
        { Issued, RefreshToken, null, "refreshToken" },
        { Issued, null, Issued, "refreshToken" },
        { null, RefreshToken, Issued, "expiresAt" },
    };

    [Theory]
    [MemberData(nameof(InconsistentExpiry))]
    public void Expiry_fields_must_come_all_together_or_not_at_all(DateTimeOffset? expiresAt, string? refreshToken, DateTimeOffset? refreshExpiresAt, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => new OfflineToken(Shop, AccessToken, Scopes, expiresAt, refreshToken, refreshExpiresAt));

        Assert.Equal(parameter, error.ParamName);
        Assert.DoesNotContain(RefreshToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_values_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => new OfflineToken(null!, AccessToken, Scopes));
        Assert.Throws<ArgumentNullException>(() => new OfflineToken(Shop, null!, Scopes));
        Assert.Throws<ArgumentException>(() => new OfflineToken(Shop, " ", Scopes));
        Assert.Throws<ArgumentNullException>(() => new OfflineToken(Shop, AccessToken, null!));
        Assert.Throws<ArgumentException>(() => new OfflineToken(Shop, AccessToken, Scopes, Issued, "  ", Issued));
        Assert.Throws<ArgumentException>(() => new OfflineToken(Shop, AccessToken, Scopes, Issued, string.Empty, Issued));
    }

    [Fact]
    public void A_with_expression_cannot_break_the_token()
    {
        var token = Expiring();

        Assert.Throws<ArgumentNullException>(() => token with { Shop = null! });
        Assert.Throws<ArgumentException>(() => token with { AccessToken = string.Empty });
        Assert.Throws<ArgumentNullException>(() => token with { Scopes = null! });

        var rescoped = token with { Scopes = ScopeSet.Parse("write_products") };
        Assert.Equal("write_products", rescoped.Scopes.ToString());
        Assert.Equal(token.ExpiresAt, rescoped.ExpiresAt);
        Assert.Equal(token.RefreshToken, rescoped.RefreshToken);
        Assert.Equal(token.RefreshTokenExpiresAt, rescoped.RefreshTokenExpiresAt);
    }

    [Fact]
    public void A_with_expression_may_rotate_the_expiry_fields_of_an_expiring_token()
    {
        var token = Expiring();

        var refreshed = token with
        {
            AccessToken = "shpat_next",
            ExpiresAt = Issued.AddHours(2),
            RefreshToken = "shprt_next",
            RefreshTokenExpiresAt = Issued.AddDays(91),
        };
        var rescheduled = token with { ExpiresAt = Issued.AddMinutes(30) };

        Assert.True(refreshed.IsExpiring);
        Assert.Equal("shprt_next", refreshed.RefreshToken);
        Assert.Equal(Issued.AddDays(91), refreshed.RefreshTokenExpiresAt);
        Assert.Equal(Issued.AddMinutes(30), rescheduled.ExpiresAt);
        Assert.Equal(RefreshToken, rescheduled.RefreshToken);
    }

    [Fact]
    public void A_with_expression_cannot_add_or_remove_the_expiry()
    {
        var expiring = Expiring();
        var legacy = Legacy();

        Assert.Equal("ExpiresAt", Assert.Throws<ArgumentException>(() => expiring with { ExpiresAt = null }).ParamName);
        Assert.Equal("RefreshToken", Assert.Throws<ArgumentException>(() => expiring with { RefreshToken = null }).ParamName);
        Assert.Equal("RefreshTokenExpiresAt", Assert.Throws<ArgumentException>(() => expiring with { RefreshTokenExpiresAt = null }).ParamName);
        Assert.Throws<ArgumentException>(() => expiring with { ExpiresAt = null, RefreshToken = null, RefreshTokenExpiresAt = null });
        Assert.Throws<ArgumentException>(() => expiring with { RefreshToken = " " });

        Assert.Throws<ArgumentException>(() => legacy with { ExpiresAt = Issued });
        Assert.Throws<ArgumentException>(() => legacy with { RefreshToken = RefreshToken });
        Assert.Throws<ArgumentException>(() => legacy with { RefreshTokenExpiresAt = Issued });
        Assert.Throws<ArgumentException>(() => legacy with { ExpiresAt = Issued, RefreshToken = RefreshToken, RefreshTokenExpiresAt = Issued });
        Assert.Null((legacy with { ExpiresAt = null, RefreshToken = null }).ExpiresAt);
    }

    [Fact]
    public void IsValidFor_needs_the_token_to_outlive_the_margin_strictly()
    {
        var token = Expiring();
        var expires = token.ExpiresAt!.Value;
        var margin = TimeSpan.FromMinutes(5);

        Assert.True(token.IsValidFor(expires - margin - TimeSpan.FromTicks(1), margin));
        Assert.False(token.IsValidFor(expires - margin, margin));
        Assert.False(token.IsValidFor(expires - margin + TimeSpan.FromTicks(1), margin));
        Assert.True(token.IsValidFor(expires - TimeSpan.FromTicks(1), TimeSpan.Zero));
        Assert.False(token.IsValidFor(expires, TimeSpan.Zero));
        Assert.False(token.IsValidFor(expires.AddDays(1), TimeSpan.Zero));
    }

    [Fact]
    public void IsValidFor_compares_instants_across_offsets()
    {
        var token = Expiring();
        var inTokyo = token.ExpiresAt!.Value.ToOffset(TimeSpan.FromHours(9));

        Assert.False(token.IsValidFor(inTokyo, TimeSpan.Zero));
        Assert.True(token.IsValidFor(inTokyo.AddSeconds(-1), TimeSpan.Zero));
    }

    [Fact]
    public void IsValidFor_does_not_overflow_at_the_end_of_time()
    {
        var token = new OfflineToken(Shop, AccessToken, Scopes, DateTimeOffset.MaxValue, RefreshToken, DateTimeOffset.MaxValue);

        Assert.False(token.IsValidFor(DateTimeOffset.MaxValue.AddSeconds(-1), TimeSpan.FromHours(1)));
        Assert.True(token.IsValidFor(DateTimeOffset.MinValue, TimeSpan.FromDays(365)));
    }

    [Fact]
    public void A_legacy_token_is_always_valid_and_never_refreshable()
    {
        var token = Legacy();

        Assert.True(token.IsValidFor(DateTimeOffset.MaxValue, TimeSpan.FromDays(3650)));
        Assert.False(token.CanRefresh(DateTimeOffset.MinValue));
    }

    [Fact]
    public void CanRefresh_until_the_refresh_token_expires()
    {
        var token = Expiring();
        var refreshExpires = token.RefreshTokenExpiresAt!.Value;

        Assert.True(token.CanRefresh(token.ExpiresAt!.Value.AddDays(1)));
        Assert.True(token.CanRefresh(refreshExpires - TimeSpan.FromTicks(1)));
        Assert.False(token.CanRefresh(refreshExpires));
        Assert.False(token.CanRefresh(refreshExpires.AddSeconds(1)));
    }

    [Fact]
    public void ToString_names_the_token_kind_but_never_the_token()
    {
        var text = Expiring().ToString();

        AssertRevealsNothing(text);
        Assert.Contains("Shop = acme.myshopify.com", text, StringComparison.Ordinal);
        Assert.Contains("AccessToken = shpat_***", text, StringComparison.Ordinal);
        Assert.Contains("RefreshToken = shprt_***", text, StringComparison.Ordinal);
        Assert.Contains("Scopes = read_customers,write_orders", text, StringComparison.Ordinal);
        Assert.Contains("ExpiresAt = 2026-03-01T13:00:00.0000000+00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_a_legacy_token_hides_an_unprefixed_token_entirely()
    {
        var text = Legacy().ToString();

        AssertRevealsNothing(text);
        Assert.Contains("AccessToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("ExpiresAt = never", text, StringComparison.Ordinal);
        Assert.Contains("RefreshToken = <none>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Expiring();
        var b = new OfflineToken(ShopDomain.Parse("ACME.myshopify.com"), AccessToken, ScopeSet.Parse("read_customers,write_orders"), Issued.AddHours(1), RefreshToken, Issued.AddDays(90));

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new OfflineToken(Shop, AccessToken, Scopes, Issued.AddHours(1), RefreshToken + "x", Issued.AddDays(90)));
        Assert.NotEqual(a, new OfflineToken(Shop, AccessToken, Scopes, Issued.AddHours(2), RefreshToken, Issued.AddDays(90)));
        Assert.NotEqual(a, a with { AccessToken = "shpat_other" });
        Assert.NotEqual(a, Legacy());
        Assert.True(a != Legacy());
    }
}
