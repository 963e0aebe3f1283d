using System.Buffers;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>Reads the hex HMAC-SHA256 digests that query strings and app-proxy requests carry.</summary>
internal static class HexDigest
{
    /// <summary>The length of a hex HMAC-SHA256 digest.</summary>
    public const int Length = 2 * HmacSha256Key.HashSize;

    /// <summary>Decodes exactly <see cref="Length"/> hex digits (either case) into the first 32 bytes of <paramref name="digest"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, Span<byte> digest)
        => hex.Length == Length
            && Convert.FromHexString(hex, digest[..HmacSha256Key.HashSize], out _, out var written) == OperationStatus.Done
            && written == HmacSha256Key.HashSize;
}
