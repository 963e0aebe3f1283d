namespace Shopify.DualAuth.Tests;

/// <summary>Realistic credentials: the tests prove none of them ever reaches a ToString.</summary>
internal static class TokenFixtures
{
    public const string AccessToken = "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";
    public const string RefreshToken = "shprt_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
    public const string OnlineAccessToken = "shpua_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string LegacyAccessToken = "f85632530bf277ec9ac6f649fc327f17";
    public const string Email = "john.smith@example.com";

    // §10.4 of the protocol reference.
    public const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3Nob3AtbmFtZS5teXNob3BpZnkuY29tL2FkbWluIiwiZGVzdCI6Imh0dHBzOi8vc2hvcC1uYW1lLm15c2hvcGlmeS5jb20iLCJhdWQiOiJjbGllbnQtaWQtMTIzIiwic3ViIjoiNDIiLCJleHAiOjE1OTE3NjUwNTgsIm5iZiI6MTU5MTc2NDk5OCwiaWF0IjoxNTkxNzY0OTk4LCJqdGkiOiJmODkxMjEyOS0xYWY2LTRjYWQtOWNhMy03NmIwZjc2MjEwODciLCJzaWQiOiJhYWVhMTgyZjI3MzJkNDRjMjMwNTdjMGZlYTU4NDAyMWE0NDg1YjJiZDI1ZDNlYjdmZDM0OTMxM2FkMjRjNjg1In0.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0";

    public static readonly DateTimeOffset Issued = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ShopDomain Shop { get; } = ShopDomain.Parse("acme.myshopify.com");

    public static ScopeSet Scopes { get; } = ScopeSet.Parse("write_orders,read_customers");

    public static ShopifyUser User { get; } = new(40620294219, "John", "Smith", Email, EmailVerified: true, AccountOwner: true, "en", Collaborator: false);

    public static OfflineToken Expiring() => new(Shop, AccessToken, Scopes, Issued.AddHours(1), RefreshToken, Issued.AddDays(90));

    public static OfflineToken Legacy() => new(Shop, LegacyAccessToken, Scopes);

    public static OnlineToken Online() => new(Shop, OnlineAccessToken, Scopes, ScopeSet.Parse("write_orders"), Issued.AddSeconds(86399), User);

    /// <summary>Asserts that no credential or personal datum appears in <paramref name="text"/>.</summary>
    public static void AssertRevealsNothing(string text)
    {
        foreach (var secret in new[] { AccessToken, RefreshToken, OnlineAccessToken, LegacyAccessToken, Email, Jwt })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        // No fragment long enough to be useful either: the bodies of the tokens, a JWT segment, the mailbox.
        foreach (var fragment in new[] { "4f1c9a0e", "9e8d7c6b", "0a1b2c3d", "f8563253", "eyJ", "ElIz04Sq", "john.smith", "@example" })
        {
            Assert.DoesNotContain(fragment, text, StringComparison.Ordinal);
        }
    }
}
