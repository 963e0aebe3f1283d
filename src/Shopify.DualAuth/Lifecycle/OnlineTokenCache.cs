using System.Collections.Concurrent;

namespace Shopify.DualAuth.Lifecycle;

/// <summary>
/// Online tokens of this process, per (shop, user), in front of the store: a request whose user holds
/// a valid token is answered from memory. Bounded: when full, expired tokens go first, then those
/// expiring soonest; an evicted token is only a store read away.
/// </summary>
internal sealed class OnlineTokenCache
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<(ShopDomain Shop, long UserId), OnlineToken> _tokens = new();
    private readonly int _capacity;
    private int _trimming;

    public OnlineTokenCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public int Count => _tokens.Count;

    /// <summary>The user's token when it stays valid for at least <paramref name="margin"/>; a stale one is dropped.</summary>
    public bool TryGet(ShopDomain shop, long userId, DateTimeOffset now, TimeSpan margin, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OnlineToken? token)
    {
        if (_tokens.TryGetValue((shop, userId), out token))
        {
            if (token.IsValidFor(now, margin))
            {
                return true;
            }

            _tokens.TryRemove(new KeyValuePair<(ShopDomain, long), OnlineToken>((shop, userId), token));
            token = null;
        }

        return false;
    }

    public void Set(OnlineToken token, DateTimeOffset now)
    {
        if (_tokens.Count >= _capacity)
        {
            Trim(now);
        }

        _tokens[(token.Shop, token.User.Id)] = token;
    }

    public void RemoveShop(ShopDomain shop)
    {
        foreach (var key in _tokens.Keys)
        {
            if (key.Shop == shop)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }

    // One thread trims at a time; the others add anyway, overshooting the bound by a few entries at most.
    private void Trim(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _trimming, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var entry in _tokens)
            {
                if (entry.Value.ExpiresAt <= now)
                {
                    _tokens.TryRemove(entry);
                }
            }

            var excess = _tokens.Count - (_capacity * 3 / 4);
            if (excess > 0)
            {
                foreach (var entry in _tokens.OrderBy(e => e.Value.ExpiresAt).Take(excess).ToList())
                {
                    _tokens.TryRemove(entry);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }
}
