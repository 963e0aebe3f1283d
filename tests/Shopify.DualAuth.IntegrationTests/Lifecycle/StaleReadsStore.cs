using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>
/// A store whose next offline reads return an old token, as a replica lagging behind, or an instance
/// that read just before another one wrote. Writes and compare-and-swap go to the real store.
/// </summary>
internal sealed class StaleReadsStore(IShopifyTokenStore inner) : IShopifyTokenStore
{
    private OfflineToken? _stale;
    private int _staleReads;

    public void ServeStale(OfflineToken token, int reads)
    {
        _stale = token;
        Volatile.Write(ref _staleReads, reads);
    }

    public ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
        => Interlocked.Decrement(ref _staleReads) >= 0 && _stale?.Shop == shop
            ? ValueTask.FromResult<OfflineToken?>(_stale)
            : inner.GetOfflineTokenAsync(shop, cancellationToken);

    public ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default) => inner.SaveOfflineTokenAsync(token, cancellationToken);

    public ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default) => inner.TryRotateOfflineTokenAsync(current, replacement, cancellationToken);

    public ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => inner.GetOnlineTokenAsync(shop, userId, cancellationToken);

    public ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default) => inner.SaveOnlineTokenAsync(token, cancellationToken);

    public ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => inner.DeleteOnlineTokenAsync(shop, userId, cancellationToken);

    public ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default) => inner.DeleteShopAsync(shop, cancellationToken);

    public ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default) => inner.UpdateScopesAsync(shop, scopes, cancellationToken);

    public ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default) => inner.ListDueOfflineTokensAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default) => inner.ListLegacyOfflineTokensAsync(afterShop, pageSize, cancellationToken);
}
