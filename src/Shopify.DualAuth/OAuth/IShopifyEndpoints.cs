namespace Shopify.DualAuth.OAuth;

/// <summary>
/// Maps a validated shop to the base address its admin endpoints live under
/// (<c>admin/oauth/authorize</c>, <c>admin/oauth/access_token</c>, <c>admin/api/{version}/graphql.json</c>).
/// </summary>
/// <remarks>
/// Production uses <see cref="ShopifyEndpoints"/> (<c>https://{shop}/</c>); tests and samples point
/// every shop at the <c>ShopifyEmulator</c>. Set it in code or configuration only, never from request
/// data: the client secret is sent to this address.
/// </remarks>
public interface IShopifyEndpoints
{
    /// <summary>The absolute base address for <paramref name="shop"/>, ending in <c>/</c>.</summary>
    /// <param name="shop">A validated shop.</param>
    /// <returns>For example <c>https://example.myshopify.com/</c>.</returns>
    Uri GetShopBaseAddress(ShopDomain shop);
}
