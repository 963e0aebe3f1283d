using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Builds the message an app-proxy <c>signature</c> is computed over (protocol.md §7): every
/// parameter except <c>signature</c>, values decoded and not re-encoded, a repeated key once with its
/// values joined by <c>,</c> in arrival order, the <c>key=value</c> strings sorted by their bytes and
/// concatenated with no separator. Keys are used as they are (<c>ids[]</c> stays <c>ids[]</c>), as in
/// Shopify's Ruby sample, which parses the query with <c>Rack::Utils.parse_query</c>.
/// </summary>
internal static class AppProxyCanonicalizer
{
    /// <returns>Where the message starts in <paramref name="writer"/>; it runs to the end.</returns>
    public static int Write(scoped DecodedQuery query, ref PooledByteWriter writer)
    {
        Span<int> heads = stackalloc int[query.Count];
        Span<int> next = stackalloc int[query.Count];
        var groups = ParameterGroups.Group(query, excludeHmac: false, heads, next);

        Span<int> starts = stackalloc int[groups];
        Span<int> lengths = stackalloc int[groups];
        for (var g = 0; g < groups; g++)
        {
            var head = heads[g];
            starts[g] = writer.Length;
            writer.Write(query.Key(head));
            writer.Write((byte)'=');
            for (var i = head; i >= 0; i = next[i])
            {
                if (i != head)
                {
                    writer.Write((byte)',');
                }

                writer.Write(query.Value(i));
            }

            lengths[g] = writer.Length - starts[g];
        }

        Span<int> order = stackalloc int[groups];
        return SortedPairs.Join(ref writer, starts, lengths, order, separator: default);
    }
}
