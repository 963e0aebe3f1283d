namespace Shopify.DualAuth;

/// <summary>
/// No offline token is stored for the shop: the app was never installed there, or was uninstalled
/// (<see cref="IShopifyTokens.UninstallAsync"/>). Nothing was sent to Shopify.
/// </summary>
public sealed class ShopNotInstalledException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="shop">The shop without a token.</param>
    public ShopNotInstalledException(ShopDomain shop)
        : base(FormatMessage(shop))
    {
        Shop = shop;
    }

    /// <summary>The shop without a token.</summary>
    public ShopDomain Shop { get; }

    private static string FormatMessage(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return $"No offline token is stored for {shop.Value}: the app is not installed there or was uninstalled. Install it first (IShopifyTokens.InstallAsync or CompleteAuthorizationAsync).";
    }
}
