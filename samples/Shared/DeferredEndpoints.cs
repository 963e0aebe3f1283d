using Shopify.DualAuth;
using Shopify.DualAuth.OAuth;

namespace Samples.Shared;

/// <summary>Points the app at the emulator, which is created once the app's address (its redirect URL) is known.</summary>
internal sealed class DeferredEndpoints : IShopifyEndpoints
{
    public IShopifyEndpoints? Target { get; set; }

    public Uri GetShopBaseAddress(ShopDomain shop)
        => (Target ?? throw new InvalidOperationException("The emulator is not attached yet.")).GetShopBaseAddress(shop);
}
