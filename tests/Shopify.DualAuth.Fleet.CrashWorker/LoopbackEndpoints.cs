using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Fleet.CrashWorker;

/// <summary>Every shop at <c>{root}shops/{shop}/</c>, the layout of <c>ShopifyEmulator.Endpoints</c>.</summary>
public sealed class LoopbackEndpoints(Uri root) : IShopifyEndpoints
{
    public Uri GetShopBaseAddress(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new Uri(root, $"shops/{shop.Value}/");
    }
}
