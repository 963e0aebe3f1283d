using System.Security.Cryptography;

namespace Shopify.DualAuth.StoreTests;

/// <summary>Tokens with random, recognisable secrets, so a test can search raw server data for them.</summary>
internal static class TestTokens
{
    public static readonly ScopeSet Scopes = ScopeSet.Parse("read_orders,write_products");

    /// <summary>A shop no other test uses.</summary>
    public static ShopDomain NewShop(string handle = "shop") => Shop($"{handle}-{RandomHex(6)}.myshopify.com");

    public static ShopDomain Shop(string host) => ShopDomain.Parse(host);

    public static OfflineToken Expiring(ShopDomain shop, DateTimeOffset now, TimeSpan? life = null)
        => new(shop, "shpat_" + RandomHex(16), Scopes, Ms(now + (life ?? TimeSpan.FromHours(1))), "shprt_" + RandomHex(16), Ms(now + TimeSpan.FromDays(90)));

    public static OfflineToken Legacy(ShopDomain shop) => new(shop, "shpat_" + RandomHex(16), Scopes);

    public static OnlineToken Online(ShopDomain shop, long userId, DateTimeOffset expiresAt)
        => new(
            shop,
            "shpua_" + RandomHex(16),
            Scopes,
            ScopeSet.Parse("read_orders"),
            Ms(expiresAt),
            new ShopifyUser(userId, "Ada", "Lovelace", $"ada.{RandomHex(4)}@example.com", true, false, "en", false));

    /// <summary>The secrets of a token as they would appear in clear, to search raw data for.</summary>
    public static IEnumerable<string> Secrets(OfflineToken token)
        => token.RefreshToken is null ? [token.AccessToken] : [token.AccessToken, token.RefreshToken];

    public static IEnumerable<string> Secrets(OnlineToken token) => [token.AccessToken, token.User.Email];

    /// <summary>Stores keep times to the millisecond.</summary>
    public static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
