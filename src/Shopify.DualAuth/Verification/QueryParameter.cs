namespace Shopify.DualAuth.Verification;

/// <summary>Where one decoded parameter's key and value lie in the byte buffer of a <see cref="DecodedQuery"/>.</summary>
internal readonly struct QueryParameter
{
    public QueryParameter(int keyStart, int keyLength, int valueStart, int valueLength)
    {
        KeyStart = keyStart;
        KeyLength = keyLength;
        ValueStart = valueStart;
        ValueLength = valueLength;
    }

    public int KeyStart { get; }

    public int KeyLength { get; }

    public int ValueStart { get; }

    public int ValueLength { get; }
}
