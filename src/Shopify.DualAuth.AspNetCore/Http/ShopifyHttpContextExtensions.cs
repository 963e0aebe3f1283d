using Shopify.DualAuth;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Verification;

// Found on HttpContext without a using.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Http;
#pragma warning restore IDE0130

/// <summary>What the Shopify schemes and filters established about the current request.</summary>
public static class ShopifyHttpContextExtensions
{
    /// <summary>
    /// The shop the request is authenticated for: from its validated session token, its verified
    /// app-proxy signature, or the signed-in user's cookie.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The shop, or <see langword="null"/> when nothing authenticated one.</returns>
    public static ShopDomain? GetShopifyShop(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<ShopifyRequestFeature>();
        return feature?.SessionToken?.Shop ?? feature?.AppProxy?.Shop ?? ShopifyPrincipals.Shop(context.User);
    }

    /// <summary>The staff user the request is authenticated for: from its session token or the sign-in cookie.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The user's Shopify ID, or <see langword="null"/>.</returns>
    public static long? GetShopifyUserId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ShopifyRequestFeature>()?.SessionToken?.UserId ?? ShopifyPrincipals.UserId(context.User);
    }

    /// <summary>
    /// The signed-in user as Shopify described them at sign-in (name, email, whether it is verified),
    /// from the code grant's sign-in cookie: what a sign-up page pre-fills.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The user, or <see langword="null"/> when the request has no sign-in cookie (a session-token request carries only the user's ID).</returns>
    public static ShopifyUser? GetShopifyUser(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ShopifyPrincipals.User(context.User);
    }

    /// <summary>The request's validated App Bridge session token (embedded apps).</summary>
    /// <param name="context">The request.</param>
    /// <returns>The token, or <see langword="null"/> when the session-token scheme did not authenticate the request.</returns>
    public static SessionToken? GetShopifySessionToken(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ShopifyRequestFeature>()?.SessionToken;
    }

    /// <summary>The verified app-proxy parameters: shop, <c>logged_in_customer_id</c>, <c>path_prefix</c>.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The verified parameters, or <see langword="null"/> outside an endpoint with <c>RequireShopifyAppProxy()</c>.</returns>
    public static AppProxyVerificationResult? GetShopifyAppProxy(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ShopifyRequestFeature>()?.AppProxy;
    }
}
