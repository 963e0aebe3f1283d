using System.Security.Cryptography;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Tests.Internal;

public class DigestComparerTests
{
    private static readonly byte[] Digest = SHA256.HashData("digest"u8);

    [Fact]
    public void Equal_digests_compare_equal()
        => Assert.True(DigestComparer.FixedTimeEquals(Digest, (byte[])Digest.Clone()));

    [Fact]
    public void A_single_flipped_bit_anywhere_is_a_mismatch()
    {
        for (var bit = 0; bit < Digest.Length * 8; bit++)
        {
            var other = (byte[])Digest.Clone();
            other[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(DigestComparer.FixedTimeEquals(Digest, other), $"bit {bit}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Spans_that_are_not_32_bytes_never_compare_equal(int length)
    {
        var left = new byte[length];
        var right = new byte[length];
        Assert.False(DigestComparer.FixedTimeEquals(left, right));
        Assert.False(DigestComparer.FixedTimeEquals(Digest, right));
    }
}
