using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore;

/// <summary>What <see cref="ShopifyAuthEvents.OnShopInstalled"/> receives.</summary>
public sealed class ShopInstalledContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The request that completed the install.</param>
    /// <param name="offline">The shop's new offline token, already stored.</param>
    /// <param name="online">The installing user's online token, when the flow produced one in the same step (token exchange).</param>
    public ShopInstalledContext(HttpContext httpContext, OfflineToken offline, OnlineToken? online)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(offline);
        HttpContext = httpContext;
        Offline = offline;
        Online = online;
    }

    /// <summary>The request that completed the install.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The installed shop.</summary>
    public ShopDomain Shop => Offline.Shop;

    /// <summary>The shop's new offline token, already stored.</summary>
    public OfflineToken Offline { get; }

    /// <summary>The installing user's online token when the same step produced it (embedded apps); <see langword="null"/> in the code grant, whose per-user grant follows.</summary>
    public OnlineToken? Online { get; }
}
