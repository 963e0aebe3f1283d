using System.Text;
using Shopify.DualAuth.Internal;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>Runs the internal canonicalizers over a raw query and returns the message as text.</summary>
internal static class CanonicalizerTestHelper
{
    public delegate int Canonicalize(DecodedQuery query, ref PooledByteWriter writer);

    public static string Message(string rawQuery, Canonicalize canonicalize)
    {
        Assert.True(QueryStringDecoder.TryMeasure(rawQuery, out var maxBytes, out var maxParameters));
        var bytes = new byte[maxBytes];
        var parameters = new QueryParameter[maxParameters];
        Assert.True(QueryStringDecoder.TryDecode(rawQuery, bytes, parameters, out var count, out var length));
        var query = new DecodedQuery(bytes.AsSpan(0, length), parameters.AsSpan(0, count));

        // A tiny initial buffer forces the pooled growth path as well.
        var writer = new PooledByteWriter(new byte[4]);
        try
        {
            var start = canonicalize(query, ref writer);
            return Encoding.UTF8.GetString(writer.WrittenSpan[start..]);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
