using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>
/// <c>GET {InstallPath}?shop=…</c>: starts the code grant. A request Shopify signed (with <c>hmac</c>)
/// must verify; a bare <c>shop</c> from the app's own form is accepted once it is a valid shop domain.
/// Inside the admin iframe (<c>embedded=1</c>) it first breaks out to the top window. A shop without a
/// usable offline token that covers the required scopes is authorized offline (the callback then
/// chains the per-user grant); an installed shop goes straight to the per-user grant.
/// </summary>
internal sealed class InstallEndpoint(
    ShopifyRequestVerifier verifier,
    ShopifyOAuthClient oauth,
    IShopifyTokenStore store,
    OAuthStateCookie stateCookie,
    TimeProvider time,
    IOptionsMonitor<ShopifyAppOptions> app,
    IOptionsMonitor<ShopifyAspNetCoreOptions> options,
    ILogger<InstallEndpoint> logger)
{
    public const string ReturnUrlParameter = "return_url";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var query = request.Query;
        ShopDomain? shop;
        if (query.ContainsKey("hmac"))
        {
            var verdict = verifier.VerifyQuery(request.QueryString.Value.AsSpan());
            if (!verdict.IsValid)
            {
                logger.InstallSignatureRejected(verdict.Failure, verdict.Parameter);
                await PlainResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "The request's signature is not valid.").ConfigureAwait(false);
                return;
            }

            shop = verdict.Shop;
        }
        else if (query["shop"] is not { Count: 1 } named || !ShopDomain.TryParse(named[0], out shop))
        {
            await PlainResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Give the shop's domain, for example example.myshopify.com.").ConfigureAwait(false);
            return;
        }

        var returnUrl = query[ReturnUrlParameter] is { Count: 1 } given && LocalUrl.IsLocal(given[0]) ? given[0] : null;
        var settings = options.CurrentValue;
        if (string.Equals(query["embedded"], "1", StringComparison.Ordinal))
        {
            // Shopify's grant screen refuses to be framed: start again from the top window.
            var target = AppAddress.Absolute(request, settings, settings.InstallPath + Query(shop!, returnUrl));
            await AppBridgePages.WriteExitIframeAsync(context, app.CurrentValue.ClientId, shop, target).ConfigureAwait(false);
            return;
        }

        var mode = await ChooseModeAsync(context, shop!).ConfigureAwait(false);
        await RedirectToAuthorizeAsync(context, shop!, mode, returnUrl).ConfigureAwait(false);
    }

    /// <summary>Sets a new state cookie and redirects to Shopify's grant screen.</summary>
    public Task RedirectToAuthorizeAsync(HttpContext context, ShopDomain shop, AccessMode mode, string? returnUrl)
    {
        var settings = options.CurrentValue;
        var state = stateCookie.Issue(context, shop, mode, returnUrl);
        var callback = AppAddress.Absolute(context.Request, settings, settings.CallbackPath);
        var authorize = oauth.BuildAuthorizeUrl(shop, mode, callback, state, app.CurrentValue.GetRequiredScopes());
        logger.Authorizing(shop, mode);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(authorize.AbsoluteUri);
        return Task.CompletedTask;
    }

    /// <summary>The query that starts this endpoint for a shop, with a return address.</summary>
    public static string Query(ShopDomain shop, string? returnUrl)
    {
        var query = new QueryBuilder { { "shop", shop.Value } };
        if (returnUrl is not null)
        {
            query.Add(ReturnUrlParameter, returnUrl);
        }

        return query.ToQueryString().ToUriComponent();
    }

    private async Task<AccessMode> ChooseModeAsync(HttpContext context, ShopDomain shop)
    {
        var offline = await store.GetOfflineTokenAsync(shop, context.RequestAborted).ConfigureAwait(false);
        if (offline is null)
        {
            return AccessMode.Offline;
        }

        var now = time.GetUtcNow();
        ReauthorizationTrigger? trigger = OfflineTokenHealth.IsUnusable(offline, now)
            ? ReauthorizationTrigger.OfflineTokenUnusable
            : !offline.Scopes.Covers(app.CurrentValue.GetRequiredScopes()) ? ReauthorizationTrigger.ScopesNotGranted : null;
        if (trigger is { } reason)
        {
            logger.ReauthorizationRequired(shop, reason, null);
            await options.CurrentValue.Events.ReauthorizationRequired(new ReauthorizationRequiredContext(context, shop, null, reason)).ConfigureAwait(false);
            return AccessMode.Offline;
        }

        return AccessMode.Online;
    }
}
