using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>Reads the hex HMAC-SHA256 digests that query strings and app-proxy requests carry.</summary>
internal static class HexDigest
{
    /// <summary>The length of a hex HMAC-SHA256 digest.</summary>
    public const int Length = 64;

    /// <summary>Decodes exactly <see cref="Length"/> hex digits (either case) into the first 32 bytes of <paramref name="digest"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, Span<byte> digest)
    {
        if (hex.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < HmacSha256Key.HashSize; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            digest[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
