using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// The last step shared by the query and app-proxy schemes: <c>key=value</c> strings already
/// written to a buffer are sorted by their UTF-8 bytes (ordinal) and joined.
/// </summary>
internal static class SortedPairs
{
    /// <summary>
    /// Appends the pairs at <paramref name="starts"/>/<paramref name="lengths"/> to
    /// <paramref name="writer"/> in ordinal order, separated by <paramref name="separator"/> when it is
    /// not empty, and returns where the joined message starts. <paramref name="order"/> is scratch space.
    /// </summary>
    public static int Join(ref PooledByteWriter writer, scoped ReadOnlySpan<int> starts, scoped ReadOnlySpan<int> lengths, scoped Span<int> order, scoped ReadOnlySpan<byte> separator)
    {
        var count = starts.Length;

        // Insertion sort: no delegates, no allocation, and fast for the handful of pairs Shopify sends.
        for (var i = 0; i < count; i++)
        {
            var j = i;
            while (j > 0 && Compare(writer.WrittenSpan, starts, lengths, order[j - 1], i) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        var messageStart = writer.Length;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                writer.Write(separator);
            }

            writer.WriteFromSelf(starts[order[i]], lengths[order[i]]);
        }

        return messageStart;
    }

    private static int Compare(ReadOnlySpan<byte> written, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int a, int b)
        => written.Slice(starts[a], lengths[a]).SequenceCompareTo(written.Slice(starts[b], lengths[b]));
}
