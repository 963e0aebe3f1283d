namespace Shopify.DualAuth;

/// <summary>Shows a credential in text without revealing it.</summary>
internal static class TokenRedaction
{
    // Shopify's type prefixes are "shp" plus two lower-case letters and an underscore.
    private const string ShopifyPrefixStart = "shp";
    private const int ShopifyPrefixLength = 6;

    /// <summary>
    /// Keeps only Shopify's public type prefix (<c>shpat_</c>, <c>shpua_</c>, <c>shprt_</c>, ...), which
    /// tells a reader what kind of token it is and nothing an attacker could use. Any other token is
    /// hidden entirely: its first characters may be secret.
    /// </summary>
    public static string Redact(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "<none>";
        }

        return HasShopifyPrefix(token) ? string.Concat(token.AsSpan(0, ShopifyPrefixLength), "***") : "***";
    }

    private static bool HasShopifyPrefix(string token)
        => token.Length > ShopifyPrefixLength
            && token.StartsWith(ShopifyPrefixStart, StringComparison.Ordinal)
            && char.IsAsciiLetterLower(token[3])
            && char.IsAsciiLetterLower(token[4])
            && token[5] == '_';
}
