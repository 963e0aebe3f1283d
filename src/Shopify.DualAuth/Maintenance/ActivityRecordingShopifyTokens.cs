using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// The <see cref="IShopifyTokens"/> app code receives once background refresh is on: the registered
/// service, with every offline or online token request recorded in <see cref="ShopActivity"/> first.
/// </summary>
/// <remarks>
/// Background refresh and migration call <see cref="Inner"/> directly, so their own requests never
/// make a shop look busy.
/// </remarks>
internal sealed class ActivityRecordingShopifyTokens(IShopifyTokens inner, ShopActivity activity) : IShopifyTokens
{
    public IShopifyTokens Inner => inner;

    public Task<DualTokens> InstallAsync(SessionToken sessionToken, CancellationToken cancellationToken = default)
        => inner.InstallAsync(sessionToken, cancellationToken);

    public Task<AuthorizationCodeGrant> CompleteAuthorizationAsync(ShopDomain shop, string code, CancellationToken cancellationToken = default)
        => inner.CompleteAuthorizationAsync(shop, code, cancellationToken);

    public ValueTask<OfflineToken> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        activity.Record(shop);
        return inner.GetOfflineTokenAsync(shop, cancellationToken);
    }

    public ValueTask<OnlineToken> GetOnlineTokenAsync(SessionToken sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        activity.Record(sessionToken.Shop);
        return inner.GetOnlineTokenAsync(sessionToken, cancellationToken);
    }

    public Task UninstallAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        activity.Forget(shop);
        return inner.UninstallAsync(shop, cancellationToken);
    }

    public ValueTask<ScopeCheckResult> CheckScopesAsync(ShopDomain shop, CancellationToken cancellationToken = default)
        => inner.CheckScopesAsync(shop, cancellationToken);

    /// <summary>The service behind <paramref name="tokens"/>, without activity recording.</summary>
    public static IShopifyTokens Unwrap(IShopifyTokens tokens)
        => tokens is ActivityRecordingShopifyTokens recording ? recording.Inner : tokens;
}
