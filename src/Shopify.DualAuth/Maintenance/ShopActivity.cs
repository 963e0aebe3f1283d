using System.Collections.Concurrent;

namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// When app code in this process last asked for each shop's tokens, so background refresh can keep
/// busy shops' access tokens ahead of their expiry while idle shops cost nothing but the upkeep of
/// their refresh chain.
/// </summary>
/// <remarks>
/// One entry per shop seen within the window; <see cref="ActiveSince"/> drops older entries, so the
/// map never outgrows the shops active in one window. Each process of a fleet sees only its own
/// callers, which is enough: every busy shop is busy on some instance, and the shop lock and the
/// store's compare-and-swap make refreshes from several instances cost one call to Shopify.
/// </remarks>
internal sealed class ShopActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<ShopDomain, long> _lastSeen = new();

    public int Count => _lastSeen.Count;

    public void Record(ShopDomain shop) => _lastSeen[shop] = time.GetUtcNow().UtcTicks;

    public void Forget(ShopDomain shop) => _lastSeen.TryRemove(shop, out _);

    /// <summary>The shops seen at or after <paramref name="since"/>, in ordinal order; older entries are dropped.</summary>
    public List<ShopDomain> ActiveSince(DateTimeOffset since)
    {
        var active = new List<ShopDomain>();
        foreach (var (shop, ticks) in _lastSeen)
        {
            if (ticks >= since.UtcTicks)
            {
                active.Add(shop);
            }
            else
            {
                // Only the stale value is removed: a call recorded meanwhile keeps its entry.
                _lastSeen.TryRemove(new KeyValuePair<ShopDomain, long>(shop, ticks));
            }
        }

        active.Sort(static (a, b) => string.CompareOrdinal(a.Value, b.Value));
        return active;
    }
}
