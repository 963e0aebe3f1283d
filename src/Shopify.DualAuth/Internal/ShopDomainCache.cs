using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth.Internal;

/// <summary>
/// Interns the <see cref="ShopDomain"/> instances of shops seen in verified requests, so that
/// verifying a request from a known shop allocates nothing. Bounded: once full, new shops are
/// still parsed, just not remembered. Callers add a shop only after its request has been
/// authenticated, so unauthenticated traffic cannot fill the cache.
/// </summary>
internal static class ShopDomainCache
{
    /// <summary>The most shops remembered.</summary>
    public const int Capacity = 10_000;

    private static readonly ConcurrentDictionary<string, ShopDomain> Shops = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ShopDomain>.AlternateLookup<ReadOnlySpan<char>> ShopsBySpan =
        Shops.GetAlternateLookup<ReadOnlySpan<char>>();

    // ConcurrentDictionary.Count takes every lock; a separate counter keeps misses cheap.
    private static int s_count;

    /// <summary>The number of shops remembered.</summary>
    public static int Count => Volatile.Read(ref s_count);

    /// <summary>Validates <paramref name="input"/> as a shop, returning the interned instance when there is one.</summary>
    public static bool TryGet(ReadOnlySpan<char> input, [NotNullWhen(true)] out ShopDomain? shop)
    {
        if (ShopsBySpan.TryGetValue(input, out shop))
        {
            return true;
        }

        if (!ShopDomain.IsCanonical(input))
        {
            // Upper-case or URL forms are rare in signed requests; not worth an entry per spelling.
            return ShopDomain.TryParse(input, out shop);
        }

        shop = ShopDomain.FromCanonical(input.ToString());
        if (Interlocked.Increment(ref s_count) > Capacity || !Shops.TryAdd(shop.Value, shop))
        {
            Interlocked.Decrement(ref s_count);
        }

        return true;
    }
}
