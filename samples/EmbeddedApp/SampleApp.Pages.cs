using System.Text;
using System.Text.Json;
using Samples.Shared;

namespace EmbeddedApp;

public sealed partial class SampleApp
{
    private const string Title = "EmbeddedApp sample";

    // App Bridge's shopify.idToken() when the page runs inside the real Shopify admin; otherwise the
    // emulator's admin frame answers a postMessage request (see SampleApp.EmulatorAdmin.cs).
    private const string SessionTokenScript = """
        <script>
        const pending = new Map(); let nextRequest = 0;
        window.addEventListener('message', e => {
          if (e.origin !== location.origin || !e.data || e.data.type !== 'session-token') return;
          const resolve = pending.get(e.data.id); pending.delete(e.data.id); if (resolve) resolve(e.data.token);
        });
        function sessionToken() {
          if (window.shopify && window.shopify.idToken) return window.shopify.idToken();
          return new Promise(resolve => {
            const id = ++nextRequest; pending.set(id, resolve);
            window.parent.postMessage({ type: 'session-token-request', id }, location.origin);
          });
        }
        async function whoAmI() {
          const out = document.getElementById('whoami-result');
          const token = await sessionToken();
          const response = await fetch('/api/whoami', { headers: { Authorization: 'Bearer ' + token } });
          out.textContent = response.status + ' ' + await response.text();
        }
        </script>
        """;

    private void MapPages()
    {
        App.MapGet("/", (HttpContext context) => Emulator is null
            ? Results.Redirect("/app" + context.Request.QueryString)
            : Results.Redirect("/emulator/admin"));
        App.MapGet("/app", (Delegate)AppPageAsync).RequireAuthorization();
        App.MapGet("/api/whoami", (Delegate)WhoAmIEndpointAsync).RequireAuthorization();
    }

    private async Task<IResult> AppPageAsync(HttpContext context)
    {
        // With a session token, the user's details come with their online token (exchanged on first use).
        var online = await context.GetShopifyOnlineTokenAsync(context.RequestAborted);
        var user = online?.User ?? context.GetShopifyUser()!;
        var shop = context.GetShopifyShop()!;
        var shopName = await AdminApi.ReadShopNameAsync(context.RequestServices, shop, context.RequestAborted);
        var rows = await TokenView.RowsAsync(App.Services, shop, [user.Id], context.RequestAborted);

        // Real Shopify: App Bridge from Shopify's CDN, first in <head>, supplies session tokens.
        var head = Emulator is null
            ? "<meta name=\"shopify-api-key\" content=\"" + Html.Encode(ClientId) + "\"><script src=\"https://cdn.shopify.com/shopifycloud/app-bridge.js\"></script>"
            : null;
        var body = new StringBuilder().Append("<section><h1 id=\"greeting\">Hello, ").Append(Html.Encode(user.DisplayName)).Append("</h1>")
            .Append("<p>Your shop is <b id=\"shop-name\">").Append(Html.Encode(shopName)).Append("</b> <span class=\"note\">(read just now through the Admin API with the shop's offline token)</span>.</p>")
            .Append("<p class=\"note\">Greeting from your online token's user; the shop's domain is <code>").Append(Html.Encode(shop.Value)).Append("</code>.</p></section>")
            .Append("<section><h2>Tokens the app holds for you and your shop</h2>")
            .Append(Html.Table(TokenView.Headers, rows))
            .Append("<p class=\"note\">Values are the token records' redacted form; the raw tokens never leave the store.</p></section>")
            .Append("<section><h2>A fetch with a fresh session token</h2><button id=\"whoami\" onclick=\"whoAmI()\">Ask the app who I am</button><pre id=\"whoami-result\"></pre></section>")
            .Append(SessionTokenScript);
        return Html.Page(Title, Mode, body.ToString(), head);
    }

    private static async Task<IResult> WhoAmIEndpointAsync(HttpContext context)
    {
        var online = await context.GetShopifyOnlineTokenAsync(context.RequestAborted);
        var user = online?.User ?? context.GetShopifyUser()!;
        return Results.Text(JsonSerializer.Serialize(new
        {
            user = user.DisplayName,
            userId = user.Id,
            email = user.Email,
            shop = context.GetShopifyShop()!.Value,
            onlineToken = online is null ? null : TokenView.Masked(online),
        }), "application/json");
    }
}
