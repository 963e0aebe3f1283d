using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Tests.Storage;

public class OfflineTokenFingerprintTests
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("fingerprint.myshopify.com");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Expected values computed independently: python3 -c "hashlib.sha256(b'...').hexdigest()".
    [Theory]
    [InlineData("shpat_abc", "shprt_def", "a3f5fa7fad4e0a569ef71e9017590261b187140858e252daf354f2b595b839f6")]
    [InlineData("legacy", null, "777d90290a75129dbd33a5ac590f4633ec91d0eb381213761c728004961c3320")]
    [InlineData("shpat_é", "shprt_ü", "e31d67665aefa5216607fce464a3e1da0dcde1220b9ce8b36528bd3107ea7aa6")]
    public void Is_lower_hex_sha256_of_access_newline_refresh(string access, string? refresh, string expected)
    {
        Assert.Equal(expected, OfflineTokenFingerprint.Compute(access, refresh));
        Assert.Equal(OfflineTokenFingerprint.Length, expected.Length);
    }

    [Fact]
    public void Token_overload_uses_only_the_secrets()
    {
        var token = new OfflineToken(Shop, "shpat_abc", ScopeSet.Parse("read_orders"), Now, "shprt_def", Now.AddDays(90));
        var rescoped = token with { Scopes = ScopeSet.Parse("write_orders"), ExpiresAt = Now.AddHours(1) };

        Assert.Equal("a3f5fa7fad4e0a569ef71e9017590261b187140858e252daf354f2b595b839f6", OfflineTokenFingerprint.Compute(token));
        Assert.Equal(OfflineTokenFingerprint.Compute(token), OfflineTokenFingerprint.Compute(rescoped));
    }

    [Fact]
    public void Distinguishes_a_changed_refresh_token_and_long_tokens()
    {
        var access = "shpat_" + new string('a', 5000);
        Assert.NotEqual(OfflineTokenFingerprint.Compute(access, "shprt_1"), OfflineTokenFingerprint.Compute(access, "shprt_2"));
        Assert.NotEqual(OfflineTokenFingerprint.Compute(access, null), OfflineTokenFingerprint.Compute(access, "shprt_1"));
    }
}
