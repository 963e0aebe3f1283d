using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.AspNetCore.Internal;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>
/// <c>GET {SessionTokenPath}?…&amp;shopify-reload=…</c>: the page a document request without a usable
/// session token is sent to. It only loads App Bridge, which reloads <c>shopify-reload</c> with a fresh
/// <c>id_token</c>; an address outside the app is refused, so the page cannot send anyone elsewhere.
/// </summary>
internal sealed class SessionTokenBounceEndpoint(IOptionsMonitor<ShopifyAppOptions> app, IOptionsMonitor<ShopifyAspNetCoreOptions> options)
{
    public Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.TryGetValue(ShopifySessionTokenDefaults.ReloadParameter, out var reload)
            && (reload.Count != 1 || !AppAddress.IsUnderRoot(context.Request, options.CurrentValue, reload[0] ?? string.Empty)))
        {
            return PlainResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "The page to reload is not part of this app.");
        }

        var shop = query["shop"] is { Count: 1 } named && ShopDomain.TryParse(named[0], out var parsed) ? parsed : null;
        return AppBridgePages.WriteBounceAsync(context, app.CurrentValue.ClientId, shop);
    }
}
