namespace Shopify.DualAuth.OAuth;

/// <summary>Shopify's production endpoints: every shop at <c>https://{shop}/</c>.</summary>
public sealed class ShopifyEndpoints : IShopifyEndpoints
{
    /// <summary>The shared instance.</summary>
    public static ShopifyEndpoints Instance { get; } = new();

    /// <inheritdoc/>
    public Uri GetShopBaseAddress(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new Uri($"https://{shop.Value}/", UriKind.Absolute);
    }
}
