using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Tests.Internal;

public class PooledByteWriterTests
{
    [Fact]
    public void Growing_past_the_initial_buffer_keeps_every_byte_in_order()
    {
        var writer = new PooledByteWriter(stackalloc byte[3]);
        try
        {
            var expected = new List<byte>();
            for (var i = 0; i < 1000; i++)
            {
                writer.Write((byte)i);
                writer.Write([(byte)(i + 1), (byte)(i + 2)]);
                expected.AddRange([(byte)i, (byte)(i + 1), (byte)(i + 2)]);
            }

            Assert.Equal(expected, writer.WrittenSpan.ToArray());
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void Copying_from_itself_survives_a_grow()
    {
        var writer = new PooledByteWriter(stackalloc byte[4]);
        try
        {
            writer.Write("abcd"u8);
            writer.WriteFromSelf(1, 3);
            writer.WriteFromSelf(0, 7);

            Assert.Equal("abcdbcdabcdbcd"u8.ToArray(), writer.WrittenSpan.ToArray());
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void GetSpan_and_Advance_commit_what_was_written()
    {
        var writer = new PooledByteWriter([]);
        try
        {
            var span = writer.GetSpan(5);
            "hello"u8.CopyTo(span);
            writer.Advance(5);

            Assert.Equal("hello"u8.ToArray(), writer.WrittenSpan.ToArray());
            Assert.Equal(5, writer.Length);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
