using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore;

/// <summary>What <see cref="ShopifyAuthEvents.OnReauthorizationRequired"/> receives.</summary>
public sealed class ReauthorizationRequiredContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The request that found the token missing.</param>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">The signed-in user, when a user's token is missing.</param>
    /// <param name="trigger">What sends the shop or user through authorization again.</param>
    public ReauthorizationRequiredContext(HttpContext httpContext, ShopDomain shop, long? userId, ReauthorizationTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(shop);
        HttpContext = httpContext;
        Shop = shop;
        UserId = userId;
        Trigger = trigger;
    }

    /// <summary>The request that found the token missing.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The shop.</summary>
    public ShopDomain Shop { get; }

    /// <summary>The signed-in user whose online token is missing; <see langword="null"/> for the shop's offline token.</summary>
    public long? UserId { get; }

    /// <summary>What sends the shop or user through authorization again.</summary>
    public ReauthorizationTrigger Trigger { get; }
}
