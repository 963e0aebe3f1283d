namespace Shopify.DualAuth.Storage;

/// <summary>
/// Per-shop mutual exclusion around a refresh: in-process by default, Redis or PostgreSQL for a
/// fleet. It only saves Shopify calls; correctness comes from
/// <see cref="IShopifyTokenStore.TryRotateOfflineTokenAsync"/>.
/// </summary>
public interface IShopLock
{
    /// <summary>Tries to take the shop's lock, waiting at most <paramref name="timeout"/>.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="timeout">How long to wait for the lock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A handle that releases the lock when disposed, or <see langword="null"/> when the wait timed out.</returns>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(ShopDomain shop, TimeSpan timeout, CancellationToken cancellationToken = default);
}
