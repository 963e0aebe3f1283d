using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth;

/// <summary>
/// A validated shop host, always in the canonical lower-case form <c>{handle}.myshopify.com</c>.
/// Every outbound URL is built from a <see cref="ShopDomain"/>, never from a raw string, so a
/// tampered <c>shop</c> parameter can never send the client secret to another host.
/// </summary>
/// <remarks>
/// <see cref="TryParse(ReadOnlySpan{char}, out ShopDomain?)"/> accepts a bare host
/// (<c>shop.myshopify.com</c>), the shop's https URL (<c>https://shop.myshopify.com/</c>) and the
/// unified admin form (<c>admin.shopify.com/store/shop</c>, with or without <c>https://</c>).
/// It rejects anything else: other schemes, ports, user info, paths, queries, extra labels,
/// look-alike suffixes, whitespace, non-ASCII characters, punycode (<c>xn--</c>) handles and handles
/// longer than a DNS label.
/// </remarks>
public sealed class ShopDomain : IEquatable<ShopDomain>, ISpanParsable<ShopDomain>
{
    /// <summary>The only domain Shopify shops live under.</summary>
    public const string DomainSuffix = ".myshopify.com";

    /// <summary>The longest handle accepted: one DNS label.</summary>
    public const int MaxHandleLength = 63;

    private const string HttpsScheme = "https://";
    private const string UnifiedAdminPrefix = "admin.shopify.com/store/";
    private const string LegacyAdminHostSuffix = DomainSuffix + "/admin";

    // Longer than any accepted form ("https://admin.shopify.com/store/" + 63 + "/"); checked
    // first so hostile inputs cost nothing.
    private const int MaxInputLength = 128;

    // The longest base64 host that decodes into MaxInputLength bytes.
    private const int MaxEncodedHostLength = MaxInputLength / 3 * 4;

    // RFC 5891 A-label prefix. Shopify never issues IDN handles, and a punycode label can render
    // as a Unicode look-alike of another shop in a browser or a log viewer.
    private const string PunycodePrefix = "xn--";

    private ShopDomain(string value) => Value = value;

    /// <summary>The canonical host, for example <c>example.myshopify.com</c>.</summary>
    public string Value { get; }

    /// <summary>The shop's handle: the host without <see cref="DomainSuffix"/>.</summary>
    public string Handle => Value[..^DomainSuffix.Length];

    /// <summary>Parses a shop domain, throwing when it is not one.</summary>
    /// <param name="input">A bare host, the shop's https URL, or the unified admin URL.</param>
    /// <returns>The validated shop.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The input is not a Shopify shop domain; the message says why, without repeating the input.</exception>
    public static ShopDomain Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Parse(input.AsSpan());
    }

    /// <summary>Parses a shop domain, throwing when it is not one.</summary>
    /// <param name="input">A bare host, the shop's https URL, or the unified admin URL.</param>
    /// <returns>The validated shop.</returns>
    /// <exception cref="FormatException">The input is not a Shopify shop domain; the message says why, without repeating the input.</exception>
    public static ShopDomain Parse(ReadOnlySpan<char> input)
    {
        var error = TryParseCore(input, out var shop);
        return shop ?? throw new FormatException(
            $"Not a Shopify shop domain: {error}. Expected '{{handle}}.myshopify.com', 'https://{{handle}}.myshopify.com' or 'admin.shopify.com/store/{{handle}}'.");
    }

    /// <summary>Tries to parse a shop domain.</summary>
    /// <param name="input">A bare host, the shop's https URL, or the unified admin URL.</param>
    /// <param name="shop">The validated shop, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="input"/> names a Shopify shop.</returns>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out ShopDomain? shop)
    {
        shop = null;
        return input is not null && TryParse(input.AsSpan(), out shop);
    }

    /// <summary>Tries to parse a shop domain.</summary>
    /// <param name="input">A bare host, the shop's https URL, or the unified admin URL.</param>
    /// <param name="shop">The validated shop, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="input"/> names a Shopify shop.</returns>
    public static bool TryParse(ReadOnlySpan<char> input, [NotNullWhen(true)] out ShopDomain? shop)
        => TryParseCore(input, out shop) is null;

    // The IFormatProvider overloads exist only for generic code (IParsable/ISpanParsable) and are
    // implemented explicitly: public, they made CA1305 flag every plain Parse(string) call and ask
    // for a culture that a host name does not have.
    static ShopDomain IParsable<ShopDomain>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<ShopDomain>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out ShopDomain result)
        => TryParse(s, out result);

    static ShopDomain ISpanParsable<ShopDomain>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<ShopDomain>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, [MaybeNullWhen(false)] out ShopDomain result)
        => TryParse(s, out result);

    /// <summary>
    /// Decodes Shopify's <c>host</c> parameter (base64 of <c>admin.shopify.com/store/{handle}</c> or
    /// <c>{handle}.myshopify.com/admin</c>, usually with its <c>=</c> padding stripped) and returns
    /// the shop it names.
    /// </summary>
    /// <remarks>
    /// The decoded text must be exactly one of those two forms: no scheme, port, trailing slash or
    /// further path.
    /// </remarks>
    /// <param name="host">The raw <c>host</c> query value.</param>
    /// <param name="shop">The shop the host names, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="host"/> decodes to a Shopify admin host.</returns>
    public static bool TryParseHost(ReadOnlySpan<char> host, [NotNullWhen(true)] out ShopDomain? shop)
    {
        shop = null;
        Span<char> decoded = stackalloc char[MaxInputLength];
        if (!TryDecodeHost(host, decoded, out var length))
        {
            return false;
        }

        // Only the two shapes Shopify sends, exactly: the host never carries a scheme, a port, a
        // trailing slash or a path beyond the handle, so anything else is not Shopify's.
        var text = decoded[..length];
        scoped ReadOnlySpan<char> handle;
        if (text.StartsWith(UnifiedAdminPrefix, StringComparison.OrdinalIgnoreCase))
        {
            handle = text[UnifiedAdminPrefix.Length..];
        }
        else if (text.EndsWith(LegacyAdminHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            handle = text[..^LegacyAdminHostSuffix.Length];
        }
        else
        {
            return false;
        }

        if (!IsHandle(handle, lowerCaseOnly: false))
        {
            return false;
        }

        shop = FromHandle(handle);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(ShopDomain? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ShopDomain);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The canonical host, for example <c>example.myshopify.com</c>.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two shops by their canonical host.</summary>
    /// <param name="left">The first shop.</param>
    /// <param name="right">The second shop.</param>
    /// <returns>Whether both name the same shop.</returns>
    public static bool operator ==(ShopDomain? left, ShopDomain? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two shops by their canonical host.</summary>
    /// <param name="left">The first shop.</param>
    /// <param name="right">The second shop.</param>
    /// <returns>Whether they name different shops.</returns>
    public static bool operator !=(ShopDomain? left, ShopDomain? right) => !(left == right);

    /// <summary>Parses an input already known to be canonical, for values this library produced itself.</summary>
    internal static ShopDomain FromCanonical(string canonical) => new(canonical);

    /// <summary>Whether <paramref name="input"/> is already the canonical lower-case bare host.</summary>
    internal static bool IsCanonical(ReadOnlySpan<char> input)
        => input.Length > DomainSuffix.Length
            && input.EndsWith(DomainSuffix, StringComparison.Ordinal)
            && IsHandle(input[..^DomainSuffix.Length], lowerCaseOnly: true);

    // Returns null on success, or a short reason for the failure that never repeats the input.
    private static string? TryParseCore(ReadOnlySpan<char> input, out ShopDomain? shop)
    {
        shop = null;
        if (input.IsEmpty)
        {
            return "the value is empty";
        }

        if (input.Length > MaxInputLength)
        {
            return "the value is too long";
        }

        foreach (var c in input)
        {
            // Printable ASCII only: rejects whitespace, control characters and every
            // non-ASCII look-alike (full-width dots, Cyrillic letters, IDN) in one pass.
            if (c is <= ' ' or > '~')
            {
                return "it contains whitespace, a control character or a non-ASCII character";
            }
        }

        var rest = input;
        if (rest.StartsWith(HttpsScheme, StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[HttpsScheme.Length..];
        }
        else if (rest.Contains("://", StringComparison.Ordinal))
        {
            return "only the https scheme is accepted";
        }

        if (rest.EndsWith('/'))
        {
            rest = rest[..^1];
        }

        scoped ReadOnlySpan<char> handle;
        if (rest.StartsWith(UnifiedAdminPrefix, StringComparison.OrdinalIgnoreCase))
        {
            handle = rest[UnifiedAdminPrefix.Length..];
        }
        else if (rest.EndsWith(DomainSuffix, StringComparison.OrdinalIgnoreCase))
        {
            handle = rest[..^DomainSuffix.Length];
        }
        else
        {
            return "the host does not end in .myshopify.com";
        }

        if (handle.IsEmpty)
        {
            return "the shop handle is empty";
        }

        if (handle.Length > MaxHandleLength)
        {
            return "the shop handle is longer than 63 characters";
        }

        if (!IsHandle(handle, lowerCaseOnly: false))
        {
            return "the shop handle must start with a letter or digit and contain only letters, digits and '-' (no port, path, user info, extra label or punycode)";
        }

        shop = FromHandle(handle);
        return null;
    }

    private static ShopDomain FromHandle(ReadOnlySpan<char> handle) => new(string.Concat(handle, DomainSuffix).ToLowerInvariant());

    private static bool IsHandle(ReadOnlySpan<char> handle, bool lowerCaseOnly)
    {
        if (handle.IsEmpty || handle.Length > MaxHandleLength || !char.IsAsciiLetterOrDigit(handle[0])
            || handle.StartsWith(PunycodePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in handle)
        {
            var ok = c == '-' || char.IsAsciiDigit(c) || (lowerCaseOnly ? char.IsAsciiLetterLower(c) : char.IsAsciiLetter(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryDecodeHost(ReadOnlySpan<char> host, Span<char> destination, out int length)
    {
        length = 0;
        if (host.IsEmpty || host.Length > MaxEncodedHostLength || host.Length % 4 == 1)
        {
            return false;
        }

        var padded = (host.Length + 3) / 4 * 4;

        Span<char> base64 = stackalloc char[padded];
        host.CopyTo(base64);
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }

        base64[host.Length..].Fill('=');
        Span<byte> bytes = stackalloc byte[padded / 4 * 3];
        if (!Convert.TryFromBase64Chars(base64, bytes, out var written))
        {
            return false;
        }

        foreach (var b in bytes[..written])
        {
            if (b is <= (byte)' ' or > (byte)'~')
            {
                return false;
            }
        }

        for (var i = 0; i < written; i++)
        {
            destination[i] = (char)bytes[i];
        }

        length = written;
        return true;
    }
}
