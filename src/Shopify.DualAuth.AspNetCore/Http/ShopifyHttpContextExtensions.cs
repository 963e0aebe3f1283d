using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Storage;
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

    /// <summary>The token lifecycle, for the shop's offline token (<c>GetOfflineTokenAsync(shop)</c>) and everything else.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The registered <see cref="IShopifyTokens"/>.</returns>
    public static IShopifyTokens GetShopifyTokens(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<IShopifyTokens>();
    }

    /// <summary>
    /// The authenticated user's online token, fetched when first asked for: for a session-token request
    /// from the lifecycle (its cache, the store, else a token exchange); for a signed-in user from the
    /// store (the sign-in cookie already required it to be there).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The token, or <see langword="null"/> when the request has no authenticated Shopify user or the signed-in user's token is gone.</returns>
    /// <exception cref="Shopify.DualAuth.OAuth.ShopifyOAuthException">Shopify refused the session token or could not be reached (session-token requests only).</exception>
    public static async ValueTask<OnlineToken?> GetShopifyOnlineTokenAsync(this HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = ShopifyRequestFeature.GetOrCreate(context);
        var now = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        if (feature.OnlineToken is { } known && known.IsValidFor(now, TimeSpan.Zero))
        {
            return known;
        }

        OnlineToken? online;
        if (feature.SessionToken is { } sessionToken)
        {
            online = await context.GetShopifyTokens().GetOnlineTokenAsync(sessionToken, cancellationToken).ConfigureAwait(false);
        }
        else if (ShopifyPrincipals.Shop(context.User) is { } shop && ShopifyPrincipals.UserId(context.User) is { } userId)
        {
            online = await context.RequestServices.GetRequiredService<IShopifyTokenStore>().GetOnlineTokenAsync(shop, userId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return null;
        }

        feature.OnlineToken = online;
        return online;
    }
}
