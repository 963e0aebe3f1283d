using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Fleet.CrashWorker;

/// <summary>
/// The SQLite store, except that a rotation announces itself on stdout ("persisting") and then never
/// happens: the process holds Shopify's new tokens in memory only, until the test kills it.
/// </summary>
public sealed class StallingStore(IShopifyTokenStore inner) : IShopifyTokenStore
{
    public ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default) => inner.GetOfflineTokenAsync(shop, cancellationToken);

    public ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default) => inner.SaveOfflineTokenAsync(token, cancellationToken);

    public async ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
    {
        Console.WriteLine("persisting");
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return false;
    }

    public ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => inner.GetOnlineTokenAsync(shop, userId, cancellationToken);

    public ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default) => inner.SaveOnlineTokenAsync(token, cancellationToken);

    public ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => inner.DeleteOnlineTokenAsync(shop, userId, cancellationToken);

    public ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default) => inner.DeleteShopAsync(shop, cancellationToken);

    public ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default) => inner.UpdateScopesAsync(shop, scopes, cancellationToken);

    public ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default) => inner.ListDueOfflineTokensAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default) => inner.ListLegacyOfflineTokensAsync(afterShop, pageSize, cancellationToken);
}
