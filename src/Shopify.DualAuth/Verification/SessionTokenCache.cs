using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Session tokens already found valid under one version of the options, so that the requests of
/// a token's minute after the first are answered without HMAC or JSON work. Bounded: when full,
/// expired entries are swept; if nothing can be swept yet, new tokens are simply not cached. The
/// bound is checked before adding without a lock, so threads adding at the same moment can each
/// overshoot it by one entry.
/// </summary>
/// <remarks>
/// An entry keeps the token's <c>nbf</c> and <c>exp</c>, and every hit re-checks both against the
/// clock, so a hit gives exactly the verdict a fresh validation would. Only valid tokens are
/// added, so callers cannot fill the cache with tokens of their own making.
/// </remarks>
internal sealed class SessionTokenCache
{
    /// <summary>The default capacity: a few thousand distinct users per token lifetime.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(SignatureComparer.Instance);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;
    private int _count;
    private int _sweeping;

    // The clock reading (now - skew, in ticks) from which the next sweep can remove something.
    private long _nextSweepTicks = long.MinValue;

    public SessionTokenCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of cached tokens.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Looks a token up by its text: by <paramref name="token"/> when the caller has the string, else by <paramref name="span"/>.</summary>
    public bool TryGet(string? token, ReadOnlySpan<char> span, [NotNullWhen(true)] out string? key, out Entry entry)
    {
        if (token is not null)
        {
            key = token;
            return _entries.TryGetValue(token, out entry);
        }

        return _bySpan.TryGetValue(span, out key, out entry);
    }

    /// <summary>Drops an entry found expired, unless another thread already replaced or removed it.</summary>
    public void Remove(string key, Entry entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(key, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Caches a token just validated.</summary>
    /// <param name="entry">The token and its lifetime.</param>
    /// <param name="earliestValidExpiryTicks">Now minus the clock skew: entries expiring before it are dead.</param>
    /// <returns>The cached token: <paramref name="entry"/>'s, or the one another thread cached first.</returns>
    public SessionToken Add(Entry entry, long earliestValidExpiryTicks)
    {
        if (Count >= _capacity && !TrySweep(earliestValidExpiryTicks))
        {
            return entry.Token;
        }

        if (_entries.TryAdd(entry.Token.RawToken, entry))
        {
            Interlocked.Increment(ref _count);
            return entry.Token;
        }

        return _entries.TryGetValue(entry.Token.RawToken, out var existing) ? existing.Token : entry.Token;
    }

    private bool TrySweep(long earliestValidExpiryTicks)
    {
        if (earliestValidExpiryTicks < Volatile.Read(ref _nextSweepTicks) || Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return false;
        }

        try
        {
            var soonest = long.MaxValue;
            foreach (var pair in _entries)
            {
                var expires = pair.Value.ExpiresTicks;
                if (expires < earliestValidExpiryTicks)
                {
                    Remove(pair.Key, pair.Value);
                }
                else
                {
                    soonest = Math.Min(soonest, expires);
                }
            }

            // Tokens added later may expire sooner; they are then swept one round late, which only
            // delays caching new tokens, never a verdict.
            Volatile.Write(ref _nextSweepTicks, soonest == long.MaxValue ? long.MinValue : soonest + 1);
            return Count < _capacity;
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>A cached token with the lifetime bounds a hit is checked against.</summary>
    /// <param name="Token">The validated token.</param>
    /// <param name="NotBeforeTicks">The <c>nbf</c> claim in UTC ticks, or <see cref="long.MinValue"/> when absent.</param>
    internal readonly record struct Entry(SessionToken Token, long NotBeforeTicks)
    {
        /// <summary>The <c>exp</c> claim in UTC ticks.</summary>
        public long ExpiresTicks => Token.ExpiresAt.UtcTicks;
    }

    /// <summary>
    /// Hashes only the signature end of the token: it is an HMAC, so it spreads as well as a hash
    /// of the whole ~600 characters at a fraction of the cost. Equality still compares every
    /// character. Only valid tokens are ever stored, so crafted collisions can only slow down
    /// lookups of the crafter's own invalid tokens by one bucket walk.
    /// </summary>
    private sealed class SignatureComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly SignatureComparer Instance = new();

        private const int HashedLength = 32;

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<char> alternate)
            => string.GetHashCode(alternate[Math.Max(0, alternate.Length - HashedLength)..], StringComparison.Ordinal);

        public string Create(ReadOnlySpan<char> alternate) => new(alternate);
    }
}
