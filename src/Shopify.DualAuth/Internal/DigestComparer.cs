using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Shopify.DualAuth.Internal;

/// <summary>
/// Constant-time equality for 32-byte HMAC-SHA256 digests. <c>CryptographicOperations.FixedTimeEquals</c>
/// is compiled without optimisation to stay constant-time on any input length, which costs about
/// 100 ns for 32 bytes: a tenth of a 2 KB webhook verification. Four XORs folded with OR have no
/// data-dependent branch either, at a fraction of the cost.
/// </summary>
internal static class DigestComparer
{
    /// <summary>Whether two 32-byte digests are equal, in time independent of their contents.</summary>
    /// <returns><see langword="false"/> when either span is not 32 bytes long (lengths are not secret).</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != HmacSha256Key.HashSize || right.Length != HmacSha256Key.HashSize)
        {
            return false;
        }

        var diff = MemoryMarshal.Read<ulong>(left) ^ MemoryMarshal.Read<ulong>(right);
        diff |= MemoryMarshal.Read<ulong>(left[8..]) ^ MemoryMarshal.Read<ulong>(right[8..]);
        diff |= MemoryMarshal.Read<ulong>(left[16..]) ^ MemoryMarshal.Read<ulong>(right[16..]);
        diff |= MemoryMarshal.Read<ulong>(left[24..]) ^ MemoryMarshal.Read<ulong>(right[24..]);
        return diff == 0;
    }
}
