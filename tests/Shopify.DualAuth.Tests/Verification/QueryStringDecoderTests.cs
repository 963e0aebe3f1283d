using System.Text;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class QueryStringDecoderTests
{
    [Theory]
    [InlineData("a=1&b=2", "a|1;b|2")]
    [InlineData("a=x+y%20z%2B", "a|x y z+")]
    [InlineData("&&a&=v&b==c&", "a|;|v;b|=c")]
    [InlineData("k%3D=v%26", "k=|v&")]
    [InlineData("n=%E6%97%A5%F0%9F%8E%89", "n|日🎉")]
    [InlineData("n=日🎉", "n|日🎉")]
    public void Decodes_keys_and_values_in_arrival_order(string rawQuery, string expected)
    {
        Assert.Equal(expected, Decode(rawQuery));
    }

    [Theory]
    [InlineData("a=%")]
    [InlineData("a=%a")]
    [InlineData("a=%-1")]
    [InlineData("%xy=1")]
    [InlineData("a=%80")]
    [InlineData("a=%F0%9F%8E")]
    public void Rejects_bad_escapes_and_invalid_text(string rawQuery)
    {
        Assert.True(QueryStringDecoder.TryMeasure(rawQuery, out var maxBytes, out var maxParameters));
        Assert.False(QueryStringDecoder.TryDecode(rawQuery, new byte[maxBytes], new QueryParameter[maxParameters], out _, out _));
    }

    [Fact]
    public void Rejects_lone_surrogates()
    {
        // Not an InlineData: theory data serialisation would replace the lone surrogates.
        foreach (var rawQuery in new[] { "a=\ud83c", "\udc00=1", "a=x\ud83c%20" })
        {
            Assert.True(QueryStringDecoder.TryMeasure(rawQuery, out var maxBytes, out var maxParameters));
            Assert.False(QueryStringDecoder.TryDecode(rawQuery, new byte[maxBytes], new QueryParameter[maxParameters], out _, out _));
        }
    }

    [Fact]
    public void Measure_enforces_the_caps()
    {
        Assert.True(QueryStringDecoder.TryMeasure(new string('a', QueryStringDecoder.MaxQueryLength), out _, out _));
        Assert.False(QueryStringDecoder.TryMeasure(new string('a', QueryStringDecoder.MaxQueryLength + 1), out _, out _));
        Assert.True(QueryStringDecoder.TryMeasure(new string('&', QueryStringDecoder.MaxParameters - 1), out _, out var parameters));
        Assert.Equal(QueryStringDecoder.MaxParameters, parameters);
        Assert.False(QueryStringDecoder.TryMeasure(new string('&', QueryStringDecoder.MaxParameters), out _, out _));
    }

    [Fact]
    public void The_byte_bound_covers_the_worst_non_ascii_expansion()
    {
        var worst = string.Concat(Enumerable.Repeat("\u0800", 100)) + "&" + string.Concat(Enumerable.Repeat("🎉", 50));
        Assert.True(QueryStringDecoder.TryMeasure(worst, out var maxBytes, out var maxParameters));

        var bytes = new byte[maxBytes];
        Assert.True(QueryStringDecoder.TryDecode(worst, bytes, new QueryParameter[maxParameters], out var count, out var length));
        Assert.Equal(2, count);
        Assert.Equal(Encoding.UTF8.GetByteCount(worst) - 1, length);
    }

    private static string Decode(string rawQuery)
    {
        Assert.True(QueryStringDecoder.TryMeasure(rawQuery, out var maxBytes, out var maxParameters));
        var bytes = new byte[maxBytes];
        var parameters = new QueryParameter[maxParameters];
        Assert.True(QueryStringDecoder.TryDecode(rawQuery, bytes, parameters, out var count, out var length));
        var query = new DecodedQuery(bytes.AsSpan(0, length), parameters.AsSpan(0, count));
        var parts = new List<string>();
        for (var i = 0; i < query.Count; i++)
        {
            parts.Add(Encoding.UTF8.GetString(query.Key(i)) + "|" + Encoding.UTF8.GetString(query.Value(i)));
        }

        return string.Join(";", parts);
    }
}
