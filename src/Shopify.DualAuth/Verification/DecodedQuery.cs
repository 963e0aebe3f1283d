namespace Shopify.DualAuth.Verification;

/// <summary>
/// A query string decoded to UTF-8 bytes (percent-decoding done, <c>+</c> read as a space), with its
/// parameters in arrival order. A view over caller-owned buffers, so it costs no allocation.
/// </summary>
internal readonly ref struct DecodedQuery
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly ReadOnlySpan<QueryParameter> _parameters;

    public DecodedQuery(ReadOnlySpan<byte> bytes, ReadOnlySpan<QueryParameter> parameters)
    {
        _bytes = bytes;
        _parameters = parameters;
    }

    /// <summary>The number of parameters, counting every occurrence of a repeated key.</summary>
    public int Count => _parameters.Length;

    /// <summary>The size of every decoded key and value together.</summary>
    public int ByteLength => _bytes.Length;

    public ReadOnlySpan<byte> Key(int index)
    {
        var parameter = _parameters[index];
        return _bytes.Slice(parameter.KeyStart, parameter.KeyLength);
    }

    public ReadOnlySpan<byte> Value(int index)
    {
        var parameter = _parameters[index];
        return _bytes.Slice(parameter.ValueStart, parameter.ValueLength);
    }

    /// <summary>The first parameter named exactly <paramref name="key"/> (or -1), and how often that key occurs.</summary>
    public int IndexOf(ReadOnlySpan<byte> key, out int occurrences)
    {
        var first = -1;
        occurrences = 0;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (Key(i).SequenceEqual(key))
            {
                occurrences++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        return first;
    }
}
