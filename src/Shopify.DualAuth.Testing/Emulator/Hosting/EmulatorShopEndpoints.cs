using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>Points every shop at <c>{root}/shops/{shop}/</c> of the running emulator.</summary>
internal sealed class EmulatorShopEndpoints(Func<Uri> root) : IShopifyEndpoints
{
    public Uri GetShopBaseAddress(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new Uri(root(), $"shops/{shop.Value}/");
    }
}
