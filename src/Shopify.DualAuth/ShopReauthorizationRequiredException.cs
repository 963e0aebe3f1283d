namespace Shopify.DualAuth;

/// <summary>
/// The shop's offline token can no longer be refreshed or migrated: only the merchant can restore it,
/// by opening the embedded app (a token exchange: <see cref="IShopifyTokens.InstallAsync"/>) or by
/// authorizing the app again (the code grant: <see cref="IShopifyTokens.CompleteAuthorizationAsync"/>).
/// </summary>
/// <remarks>
/// The shop is marked in the store (<see cref="OfflineToken.RequiresReauthorization"/>), so every instance
/// of a fleet throws this at once, without calling Shopify, until a new install replaces the token.
/// The message names the shop and the reason only, never a token.
/// </remarks>
public sealed class ShopReauthorizationRequiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="shop">The shop that must be authorized again.</param>
    /// <param name="reason">Why.</param>
    /// <param name="innerException">Shopify's refusal, when there was one.</param>
    public ShopReauthorizationRequiredException(ShopDomain shop, ReauthorizationReason reason, Exception? innerException = null)
        : base(FormatMessage(shop, reason), innerException)
    {
        Shop = shop;
        Reason = reason;
    }

    /// <summary>The shop that must be authorized again.</summary>
    public ShopDomain Shop { get; }

    /// <summary>Why its token can no longer be renewed.</summary>
    public ReauthorizationReason Reason { get; }

    private static string FormatMessage(ShopDomain shop, ReauthorizationReason reason)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var why = reason switch
        {
            ReauthorizationReason.RefreshTokenRejected => "Shopify rejected its refresh token",
            ReauthorizationReason.RefreshTokenExpired => "its refresh token expired",
            ReauthorizationReason.MigrationRejected => "Shopify refused to migrate its non-expiring token",
            _ => "it was marked as requiring re-authorization after Shopify refused it",
        };
        return $"The offline token of {shop.Value} can no longer be renewed: {why}. The merchant must open the app again (token exchange) or authorize it again (code grant).";
    }
}
