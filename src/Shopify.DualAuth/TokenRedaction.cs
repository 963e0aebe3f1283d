namespace Shopify.DualAuth;

/// <summary>Shows a credential in text without revealing it.</summary>
internal static class TokenRedaction
{
    /// <summary>
    /// Keeps only Shopify's public type prefix (<c>shpat_</c>, <c>shpua_</c>, <c>shprt_</c>, ...), which
    /// tells a reader what kind of token it is and nothing an attacker could use.
    /// </summary>
    public static string Redact(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "<none>";
        }

        var underscore = token.IndexOf('_', StringComparison.Ordinal);
        return underscore is > 0 and <= 6 && token.AsSpan(0, underscore).ContainsOnlyAsciiLetters()
            ? string.Concat(token.AsSpan(0, underscore + 1), "***")
            : "***";
    }

    private static bool ContainsOnlyAsciiLetters(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
