using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// The shop rules of an admin session token: <c>dest</c> is <c>https://{shop}</c> and names the
/// shop, <c>iss</c> is <c>https://{same shop}/admin</c>. Checking <c>iss</c> against <c>dest</c>
/// (which Shopify's JS and Ruby libraries skip) also rejects checkout and customer-account
/// extension tokens, whose <c>iss</c> is not the admin.
/// </summary>
internal static class SessionTokenShop
{
    private const int MaxHostLength = ShopDomain.MaxHandleLength + 14; // ".myshopify.com"

    private static ReadOnlySpan<byte> Https => "https://"u8;

    private static ReadOnlySpan<byte> AdminPath => "/admin"u8;

    /// <summary>Reads the shop from <c>dest</c>: <c>https://{handle}.myshopify.com</c>, optionally with a trailing slash, any letter case.</summary>
    public static bool TryParseDestination(ReadOnlySpan<byte> destination, [NotNullWhen(true)] out ShopDomain? shop)
    {
        shop = null;
        if (!StartsWithHttps(destination))
        {
            return false;
        }

        var host = destination[Https.Length..];
        if (host.EndsWith("/"u8))
        {
            host = host[..^1];
        }

        return TryParseHost(host, out shop);
    }

    /// <summary>Checks <c>iss</c> against the shop read from <c>dest</c>.</summary>
    /// <returns><see cref="VerificationFailure.None"/>, <see cref="VerificationFailure.InvalidShop"/> when the issuer host is not a shop, or <see cref="VerificationFailure.Mismatch"/> when it is another shop or not the admin.</returns>
    public static VerificationFailure CheckIssuer(ReadOnlySpan<byte> issuer, ShopDomain shop)
    {
        if (!StartsWithHttps(issuer))
        {
            return VerificationFailure.Mismatch;
        }

        var rest = issuer[Https.Length..];
        var slash = rest.IndexOf((byte)'/');
        var host = slash < 0 ? rest : rest[..slash];
        if (!System.Text.Ascii.EqualsIgnoreCase(host, shop.Value))
        {
            return TryParseHost(host, out _) ? VerificationFailure.Mismatch : VerificationFailure.InvalidShop;
        }

        return rest[host.Length..].SequenceEqual(AdminPath) ? VerificationFailure.None : VerificationFailure.Mismatch;
    }

    private static bool StartsWithHttps(ReadOnlySpan<byte> url)
        => url.Length > Https.Length && System.Text.Ascii.EqualsIgnoreCase(url[..Https.Length], Https);

    // Only host characters reach ShopDomain, so none of its other accepted forms (scheme, path,
    // admin.shopify.com/store/...) can slip through here.
    private static bool TryParseHost(ReadOnlySpan<byte> host, [NotNullWhen(true)] out ShopDomain? shop)
    {
        shop = null;
        if (host.IsEmpty || host.Length > MaxHostLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxHostLength];
        for (var i = 0; i < host.Length; i++)
        {
            var c = (char)host[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                return false;
            }

            chars[i] = c;
        }

        var text = chars[..host.Length];
        if (ShopDomain.IsCanonical(text))
        {
            shop = ShopDomain.FromCanonical(new string(text));
            return true;
        }

        return ShopDomain.TryParse(text, out shop);
    }
}
