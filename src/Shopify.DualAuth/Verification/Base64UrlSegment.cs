using System.Buffers;
using System.Buffers.Text;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Strict decoding of one unpadded base64url segment of a compact JWS. Only the encoding a
/// conforming encoder produces is accepted: no padding, no whitespace, no standard-alphabet
/// characters, and the unused low bits of the last character must be zero. Without that last rule
/// every signature would have several spellings (a 32-byte HMAC has 2 spare bits, so 4 spellings),
/// which would let one token pass as several distinct strings.
/// </summary>
internal static class Base64UrlSegment
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The number of bytes <paramref name="length"/> canonical characters decode to.</summary>
    public static int DecodedLength(int length) => (length / 4 * 3) + (length % 4 * 3 / 4);

    /// <summary>Whether <paramref name="segment"/> is canonical unpadded base64url (the empty segment included).</summary>
    public static bool IsCanonical(ReadOnlySpan<char> segment)
    {
        if (segment.Length % 4 == 1 || segment.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // 2 trailing characters carry 8 bits (4 spare), 3 carry 16 bits (2 spare).
        var spareBits = (segment.Length % 4) switch
        {
            2 => 0b1111,
            3 => 0b0011,
            _ => 0,
        };

        return spareBits == 0 || (SextetOf(segment[^1]) & spareBits) == 0;
    }

    /// <summary>Decodes a segment that <see cref="IsCanonical(ReadOnlySpan{char})"/> accepted, from its ASCII bytes.</summary>
    /// <returns>Whether it decoded into <paramref name="destination"/>, which must hold <see cref="DecodedLength"/> bytes.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> asciiSegment, Span<byte> destination, out int written)
        => Base64Url.DecodeFromUtf8(asciiSegment, destination, out _, out written) == OperationStatus.Done;

    /// <summary>Decodes a segment that <see cref="IsCanonical(ReadOnlySpan{char})"/> accepted.</summary>
    /// <returns>Whether it decoded into <paramref name="destination"/>, which must hold <see cref="DecodedLength"/> bytes.</returns>
    public static bool TryDecode(ReadOnlySpan<char> segment, Span<byte> destination, out int written)
        => Base64Url.DecodeFromChars(segment, destination, out _, out written) == OperationStatus.Done;

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
