using System.Text;
using System.Text.RegularExpressions;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// Makes Shopify's <c>error</c> and <c>error_description</c> safe to put in an exception message and a
/// log: an error endpoint that echoed the request would otherwise leak the secret or token it was sent.
/// </summary>
internal static partial class OAuthErrorText
{
    internal const int MaxErrorLength = 64;
    internal const int MaxDescriptionLength = 300;
    private const string Redacted = "***";

    /// <summary>
    /// An OAuth error code is a short token of letters, digits, '_', '-' and '.'; anything else, and
    /// anything that contains a value this request sent or looks like a token, is dropped whole.
    /// </summary>
    public static string? SanitizeError(string? error, IReadOnlyList<string> sentSecrets)
    {
        if (string.IsNullOrEmpty(error) || error.Length > MaxErrorLength)
        {
            return null;
        }

        foreach (var c in error)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return null;
            }
        }

        foreach (var secret in sentSecrets)
        {
            if (!string.IsNullOrEmpty(secret) && error.Contains(secret, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return ShopifyTokenPattern().IsMatch(error) || JwtPattern().IsMatch(error) ? null : error;
    }

    /// <summary>
    /// Removes every value this request sent that must stay secret, anything shaped like a Shopify token
    /// or a JWT, and control characters; then shortens the text.
    /// </summary>
    public static string? SanitizeDescription(string? description, IReadOnlyList<string> sentSecrets)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        var text = description;
        foreach (var secret in sentSecrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        text = ShopifyTokenPattern().Replace(text, Redacted);
        text = JwtPattern().Replace(text, Redacted);

        var clean = new StringBuilder(Math.Min(text.Length, MaxDescriptionLength + 1));
        foreach (var c in text)
        {
            if (clean.Length == MaxDescriptionLength)
            {
                clean.Append('…');
                break;
            }

            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        var result = clean.ToString().Trim();
        return result.Length == 0 ? null : result;
    }

    // shpat_, shpua_, shprt_, shpca_, shppa_, shpss_ ... followed by the token body.
    [GeneratedRegex("shp[a-z]{2}_[A-Za-z0-9_-]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ShopifyTokenPattern();

    // A compact JWS: base64url header starting with '{"' (eyJ), payload and signature.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex JwtPattern();
}
