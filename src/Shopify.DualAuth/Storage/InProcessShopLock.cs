namespace Shopify.DualAuth.Storage;

/// <summary>
/// Per-shop mutual exclusion within one process: one <see cref="SemaphoreSlim"/> per shop that
/// someone holds or waits for, removed when the last of them leaves, so idle shops cost nothing.
/// The default <see cref="IShopLock"/>; a fleet needs a distributed one.
/// </summary>
public sealed class InProcessShopLock : IShopLock
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ShopDomain, Entry> _entries = [];

    /// <summary>How many shops currently have a holder or a waiter.</summary>
    internal int ActiveShopCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(ShopDomain shop, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(shop, out entry!))
            {
                entry = new Entry();
                _entries.Add(shop, entry);
            }

            // Counted before waiting, so the entry outlives every waiter and no two semaphores
            // ever exist for one shop.
            entry.References++;
        }

        var acquired = false;
        try
        {
            acquired = await entry.Semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!acquired)
            {
                Leave(shop, entry);
            }
        }

        return acquired ? new Holder(this, shop, entry) : null;
    }

    private void Leave(ShopDomain shop, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(shop);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int References { get; set; }
    }

    private sealed class Holder(InProcessShopLock owner, ShopDomain shop, Entry entry) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Leave(shop, entry);
            }

            return ValueTask.CompletedTask;
        }
    }
}
