using System.Globalization;
using System.Security.Cryptography;

namespace Shopify.DualAuth.Testing.Storage;

/// <summary>
/// Shops and tokens for one check. Every shop carries a random prefix so checks can share a server
/// (Redis, PostgreSQL) with each other and with other data without seeing each other's rows.
/// </summary>
internal sealed class ConformanceData
{
    private readonly string _prefix = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)) + "-";

    public static ScopeSet Scopes { get; } = ScopeSet.Parse("read_orders,write_products");

    /// <summary>200 distinct scopes: longer than any real grant, to catch truncated columns.</summary>
    public static ScopeSet ManyScopes { get; } = ScopeSet.From(Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? "read" : "write")}_resource_{i:D3}")));

    public ShopDomain Shop(string name) => ShopDomain.Parse(_prefix + name + ShopDomain.DomainSuffix);

    public bool IsOwn(ShopDomain shop) => shop.Value.StartsWith(_prefix, StringComparison.Ordinal);

    /// <summary>A fresh random secret; tokens are long and unique so a stray copy is easy to spot.</summary>
    public static string Secret(string typePrefix) => typePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static OfflineToken Expiring(ShopDomain shop, DateTimeOffset accessExpiresAt, DateTimeOffset refreshExpiresAt, ScopeSet? scopes = null)
        => new(shop, Secret("shpat_"), scopes ?? Scopes, accessExpiresAt, Secret("shprt_"), refreshExpiresAt);

    public static OfflineToken Expiring(ShopDomain shop, DateTimeOffset now)
        => Expiring(shop, now.AddHours(1), now.AddDays(90));

    public static OfflineToken Legacy(ShopDomain shop) => new(shop, Secret("shpat_"), Scopes);

    public static OnlineToken Online(ShopDomain shop, long userId, DateTimeOffset expiresAt)
        => new(
            shop,
            Secret("shpua_"),
            Scopes,
            ScopeSet.Parse("read_orders"),
            expiresAt,
            new ShopifyUser(userId, "First", "Last", string.Create(CultureInfo.InvariantCulture, $"user{userId}@example.com"), EmailVerified: true, AccountOwner: false, "en", Collaborator: false));
}
