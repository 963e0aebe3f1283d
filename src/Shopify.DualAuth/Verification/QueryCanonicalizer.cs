using System.Buffers;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Builds the messages Shopify's query-string HMAC (install, OAuth callback, app loads) is computed
/// over. Every parameter except <c>hmac</c> and <c>signature</c> is signed, with its decoded value.
/// Two serialisations are in use (protocol.md §1.5); the verifier accepts either.
/// </summary>
internal static class QueryCanonicalizer
{
    private static readonly SearchValues<byte> LegacyKeySpecials = SearchValues.Create("%=&"u8);
    private static readonly SearchValues<byte> LegacyValueSpecials = SearchValues.Create("%&"u8);
    private static readonly SearchValues<byte> LegacyArrayValueSpecials = SearchValues.Create("%&\"\\"u8);

    // What URLSearchParams leaves unescaped (the application/x-www-form-urlencoded byte serializer).
    private static readonly SearchValues<byte> FormUnreserved =
        SearchValues.Create("*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// The documented scheme (and shopify_python_api's): in keys <c>%</c>→<c>%25</c> and
    /// <c>=</c>→<c>%3D</c>, in values <c>%</c>→<c>%25</c>, then <c>&amp;</c>→<c>%26</c> in each
    /// <c>key=value</c>; the pairs sorted by their bytes and joined with <c>&amp;</c>. A repeated key
    /// is signed once with its values joined by <c>,</c>. An array key <c>ids[]</c> is signed as
    /// <c>ids=["2", "1"]</c>, the format of Ruby's <c>Array#inspect</c> and Python's <c>json.dumps</c>:
    /// only <c>"</c> and <c>\</c> are escaped; other characters are kept as they are, as Ruby (which
    /// Shopify's backend uses) does for printable text.
    /// </summary>
    /// <returns>Where the message starts in <paramref name="writer"/>; it runs to the end.</returns>
    public static int WriteLegacy(scoped DecodedQuery query, ref PooledByteWriter writer)
    {
        Span<int> heads = stackalloc int[query.Count];
        Span<int> next = stackalloc int[query.Count];
        var groups = ParameterGroups.Group(query, excludeHmac: true, heads, next);

        Span<int> starts = stackalloc int[groups];
        Span<int> lengths = stackalloc int[groups];
        for (var g = 0; g < groups; g++)
        {
            starts[g] = writer.Length;
            WriteLegacyPair(query, heads[g], next, ref writer);
            lengths[g] = writer.Length - starts[g];
        }

        Span<int> order = stackalloc int[groups];
        return SortedPairs.Join(ref writer, starts, lengths, order, "&"u8);
    }

    /// <summary>
    /// shopify-app-js's scheme: pairs ordered by key, each key and value encoded as
    /// <c>URLSearchParams.toString()</c> does (every byte but <c>A-Za-z0-9*-._</c> as upper-case
    /// <c>%XX</c>) except that a space is <c>%20</c>, not <c>+</c>; joined with <c>&amp;</c>. An array
    /// key contributes one <c>ids%5B%5D=value</c> pair per value, in arrival order; a repeated plain key
    /// one pair with its values joined by <c>,</c> (as in <see cref="WriteLegacy"/>). Keys are ordered
    /// by their UTF-8 bytes rather than JavaScript's <c>localeCompare</c>, which agrees for the keys
    /// Shopify sends.
    /// </summary>
    /// <returns>Where the message starts in <paramref name="writer"/>; it runs to the end.</returns>
    public static int WriteFormEncoded(scoped DecodedQuery query, ref PooledByteWriter writer)
    {
        Span<int> heads = stackalloc int[query.Count];
        Span<int> next = stackalloc int[query.Count];
        var groups = ParameterGroups.Group(query, excludeHmac: true, heads, next);
        SortByName(query, heads[..groups]);

        var start = writer.Length;
        var first = true;
        foreach (var head in heads[..groups])
        {
            var key = query.Key(head);
            var isArray = IsArrayKey(key);
            if (isArray)
            {
                for (var i = head; i >= 0; i = next[i])
                {
                    WriteSeparator(ref writer, ref first);
                    WriteFormEncoded(key[..^2], ref writer);
                    writer.Write("%5B%5D="u8);
                    WriteFormEncoded(query.Value(i), ref writer);
                }
            }
            else
            {
                WriteSeparator(ref writer, ref first);
                WriteFormEncoded(key, ref writer);
                writer.Write((byte)'=');
                for (var i = head; i >= 0; i = next[i])
                {
                    if (i != head)
                    {
                        writer.Write("%2C"u8);
                    }

                    WriteFormEncoded(query.Value(i), ref writer);
                }
            }
        }

        return start;
    }

    private static bool IsArrayKey(ReadOnlySpan<byte> key) => key.EndsWith("[]"u8);

    private static void WriteSeparator(ref PooledByteWriter writer, ref bool first)
    {
        if (!first)
        {
            writer.Write((byte)'&');
        }

        first = false;
    }

    private static void WriteLegacyPair(scoped DecodedQuery query, int head, scoped ReadOnlySpan<int> next, ref PooledByteWriter writer)
    {
        var key = query.Key(head);
        var isArray = IsArrayKey(key);
        WriteEscaped(isArray ? key[..^2] : key, LegacyKeySpecials, ref writer);
        writer.Write((byte)'=');
        if (isArray)
        {
            writer.Write((byte)'[');
            for (var i = head; i >= 0; i = next[i])
            {
                writer.Write(i == head ? "\""u8 : ", \""u8);
                WriteEscaped(query.Value(i), LegacyArrayValueSpecials, ref writer);
                writer.Write((byte)'"');
            }

            writer.Write((byte)']');
            return;
        }

        for (var i = head; i >= 0; i = next[i])
        {
            if (i != head)
            {
                writer.Write((byte)',');
            }

            WriteEscaped(query.Value(i), LegacyValueSpecials, ref writer);
        }
    }

    // One pass is equivalent to the reference's successive replacements: no replacement produces a
    // byte that a later one would rewrite.
    private static void WriteEscaped(scoped ReadOnlySpan<byte> text, SearchValues<byte> specials, ref PooledByteWriter writer)
    {
        while (true)
        {
            var index = text.IndexOfAny(specials);
            if (index < 0)
            {
                writer.Write(text);
                return;
            }

            writer.Write(text[..index]);
            writer.Write(text[index] switch
            {
                (byte)'%' => "%25"u8,
                (byte)'&' => "%26"u8,
                (byte)'=' => "%3D"u8,
                (byte)'"' => "\\\""u8,
                _ => "\\\\"u8,
            });
            text = text[(index + 1)..];
        }
    }

    private static void WriteFormEncoded(scoped ReadOnlySpan<byte> text, ref PooledByteWriter writer)
    {
        while (true)
        {
            var index = text.IndexOfAnyExcept(FormUnreserved);
            if (index < 0)
            {
                writer.Write(text);
                return;
            }

            writer.Write(text[..index]);
            var b = text[index];
            if (b == (byte)' ')
            {
                writer.Write("%20"u8);
            }
            else
            {
                writer.Write((byte)'%');
                writer.Write("0123456789ABCDEF"u8[b >> 4]);
                writer.Write("0123456789ABCDEF"u8[b & 0xF]);
            }

            text = text[(index + 1)..];
        }
    }

    // Orders groups by key name without its "[]" suffix, then plain before array for the same name,
    // so that the order never depends on arrival order.
    private static void SortByName(DecodedQuery query, Span<int> heads)
    {
        for (var i = 1; i < heads.Length; i++)
        {
            var item = heads[i];
            var j = i;
            while (j > 0 && CompareByName(query.Key(heads[j - 1]), query.Key(item)) > 0)
            {
                heads[j] = heads[j - 1];
                j--;
            }

            heads[j] = item;
        }
    }

    private static int CompareByName(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var arrayA = IsArrayKey(a);
        var arrayB = IsArrayKey(b);
        var byName = (arrayA ? a[..^2] : a).SequenceCompareTo(arrayB ? b[..^2] : b);
        return byName != 0 ? byName : arrayA.CompareTo(arrayB);
    }
}
