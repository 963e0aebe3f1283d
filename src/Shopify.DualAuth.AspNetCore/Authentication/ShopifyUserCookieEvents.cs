using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Endpoints;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>
/// The sign-in cookie's events: a signed-in user counts as signed in only while their online token is
/// stored and unexpired; otherwise the per-user grant runs again (no consent screen after the first
/// time) and brings them back to the page they asked for.
/// </summary>
internal sealed class ShopifyUserCookieEvents(
    IShopifyTokenStore store,
    IOptionsMonitor<ShopifyAspNetCoreOptions> options,
    ILogger<ShopifyUserCookieEvents> logger) : CookieAuthenticationEvents
{
    private static readonly object ReauthorizeShopKey = new();

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var shop = ShopifyPrincipals.Shop(context.Principal);
        var userId = ShopifyPrincipals.UserId(context.Principal);
        if (shop is null || userId is not { } user)
        {
            context.RejectPrincipal();
            return;
        }

        var online = await store.GetOnlineTokenAsync(shop, user, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (online is null)
        {
            context.RejectPrincipal();
            context.HttpContext.Items[ReauthorizeShopKey] = shop;
            logger.ReauthorizationRequired(shop, ReauthorizationTrigger.OnlineTokenExpired, user);
            await options.CurrentValue.Events.ReauthorizationRequired(new ReauthorizationRequiredContext(context.HttpContext, shop, user, ReauthorizationTrigger.OnlineTokenExpired)).ConfigureAwait(false);
            return;
        }

        ShopifyRequestFeature.GetOrCreate(context.HttpContext).OnlineToken = online;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!DocumentRequests.IsDocument(request))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        // The shop of a user whose token ran out, or the one Shopify named opening the app.
        var shop = http.Items[ReauthorizeShopKey] as ShopDomain
            ?? (request.Query["shop"] is { Count: 1 } named && ShopDomain.TryParse(named[0], out var parsed) ? parsed : null);
        if (shop is null)
        {
            return base.RedirectToLogin(context);
        }

        var returnUrl = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        var install = request.PathBase.Add(options.CurrentValue.InstallPath).ToUriComponent()
            + InstallEndpoint.Query(shop, LocalUrl.IsLocal(returnUrl) ? returnUrl : null);
        http.Response.Redirect(install);
        return Task.CompletedTask;
    }
}
