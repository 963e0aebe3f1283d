namespace Shopify.DualAuth.Verification;

/// <summary>
/// Groups the parameters of a <see cref="DecodedQuery"/> by exact key, as every Shopify signing scheme
/// does before serialising: a repeated key is signed once, with all its values in arrival order.
/// Quadratic in the parameter count, which <see cref="QueryStringDecoder.MaxParameters"/> caps.
/// </summary>
internal static class ParameterGroups
{
    /// <summary>
    /// Fills <paramref name="heads"/> with the first parameter of each distinct key and
    /// <paramref name="next"/> with, for each parameter, the next one with the same key (-1 after the
    /// last). <c>signature</c> is always left out; <c>hmac</c> when <paramref name="excludeHmac"/>.
    /// Both spans need room for <see cref="DecodedQuery.Count"/> entries.
    /// </summary>
    /// <returns>
    /// The number of groups written to <paramref name="heads"/>, ordered by each key's last occurrence,
    /// which for the distinct keys Shopify sends is arrival order (usually already sorted, the cheap
    /// case for the insertion sorts that follow).
    /// </returns>
    public static int Group(DecodedQuery query, bool excludeHmac, Span<int> heads, Span<int> next)
    {
        var groups = 0;

        // Walking backwards and prepending keeps each chain in arrival order without tail pointers.
        for (var i = query.Count - 1; i >= 0; i--)
        {
            var key = query.Key(i);
            if (key.SequenceEqual("signature"u8) || (excludeHmac && key.SequenceEqual("hmac"u8)))
            {
                next[i] = -1;
                continue;
            }

            var group = 0;
            while (group < groups && !query.Key(heads[group]).SequenceEqual(key))
            {
                group++;
            }

            if (group == groups)
            {
                next[i] = -1;
                groups++;
            }
            else
            {
                next[i] = heads[group];
            }

            heads[group] = i;
        }

        heads[..groups].Reverse();
        return groups;
    }
}
