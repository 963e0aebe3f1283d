using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>
/// <c>GET {CallbackPath}</c>: verifies the query's HMAC, then the state against its cookie (constant
/// time, one use: the cookie is deleted, so a replayed callback fails) and the shop, and redeems the
/// code. After the offline grant it chains the per-user grant at once; after the per-user grant it
/// signs the user in with the <see cref="ShopifyUserDefaults.AuthenticationScheme"/> cookie and sends
/// them on, their name and email available from <c>HttpContext.GetShopifyUser()</c>.
/// </summary>
internal sealed class CallbackEndpoint(
    ShopifyRequestVerifier verifier,
    IShopifyTokens tokens,
    OAuthStateCookie stateCookie,
    InstallEndpoint install,
    IOptionsMonitor<ShopifyAspNetCoreOptions> options,
    ILogger<CallbackEndpoint> logger)
{
    private const string StartAgain = "The sign-in could not be completed. Open the app from the Shopify admin to start again.";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var verdict = verifier.VerifyQuery(request.QueryString.Value.AsSpan());
        if (!verdict.IsValid)
        {
            logger.CallbackRejected($"the signature did not verify ({verdict.Failure}, {verdict.Parameter})");
            await PlainResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "The request's signature is not valid.").ConfigureAwait(false);
            return;
        }

        var shop = verdict.Shop!;
        var query = request.Query;
        var state = stateCookie.Consume(context, query["state"] is { Count: 1 } given ? given[0] : null, shop, out var failure);
        if (state is null)
        {
            logger.CallbackRejected(failure);
            await PlainResponses.WriteAsync(context, StatusCodes.Status403Forbidden, StartAgain).ConfigureAwait(false);
            return;
        }

        if (query.ContainsKey("error"))
        {
            logger.CallbackRejected("the merchant declined the authorization");
            await PlainResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "The app was not authorized.").ConfigureAwait(false);
            return;
        }

        if (query["code"] is not { Count: 1 } codes || string.IsNullOrEmpty(codes[0]))
        {
            logger.CallbackRejected("no code");
            await PlainResponses.WriteAsync(context, StatusCodes.Status400BadRequest, StartAgain).ConfigureAwait(false);
            return;
        }

        AuthorizationCodeGrant grant;
        try
        {
            grant = await tokens.CompleteAuthorizationAsync(shop, codes[0]!, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ShopifyOAuthException error) when (error.Kind == ShopifyOAuthErrorKind.CodeRejected)
        {
            logger.CallbackRejected("Shopify refused the code");
            await PlainResponses.WriteAsync(context, StatusCodes.Status403Forbidden, StartAgain).ConfigureAwait(false);
            return;
        }

        if (grant.AccessMode != state.Mode)
        {
            logger.CallbackRejected($"Shopify granted a {grant.AccessMode} token to a {state.Mode} authorization");
            await PlainResponses.WriteAsync(context, StatusCodes.Status502BadGateway, StartAgain).ConfigureAwait(false);
            return;
        }

        var events = options.CurrentValue.Events;
        if (!grant.IsOnline)
        {
            logger.ShopInstalled(shop);
            await events.ShopInstalled(new ShopInstalledContext(context, grant.Offline, online: null)).ConfigureAwait(false);

            // One code grants one token: the user's own comes from a second, per-user authorization.
            await install.RedirectToAuthorizeAsync(context, shop, AccessMode.Online, state.ReturnUrl).ConfigureAwait(false);
            return;
        }

        await SignInAsync(context, grant.Online, state.ReturnUrl).ConfigureAwait(false);
    }

    private async Task SignInAsync(HttpContext context, OnlineToken online, string? returnUrl)
    {
        var settings = options.CurrentValue;
        var signedIn = new UserSignedInContext(
            context,
            online,
            ShopifyPrincipals.FromOnlineToken(online, ShopifyUserDefaults.AuthenticationScheme),
            new AuthenticationProperties(),
            returnUrl ?? context.Request.PathBase.Add(settings.AppPath).ToUriComponent());
        await settings.Events.UserSignedIn(signedIn).ConfigureAwait(false);
        await context.SignInAsync(ShopifyUserDefaults.AuthenticationScheme, signedIn.Principal, signedIn.Properties).ConfigureAwait(false);
        ShopifyRequestFeature.GetOrCreate(context).OnlineToken = online;
        logger.UserSignedIn(online.Shop, online.User.Id);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(signedIn.ReturnUrl);
    }
}
