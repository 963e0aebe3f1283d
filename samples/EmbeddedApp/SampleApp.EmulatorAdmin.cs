using System.Globalization;
using System.Text;
using Samples.Shared;

namespace EmbeddedApp;

/// <summary>
/// Emulator mode only: a small stand-in for the Shopify admin that frames the app. It loads the app
/// with a signed query carrying <c>id_token</c> (what the admin does), and answers the app's
/// session-token requests by minting one with the emulator (what App Bridge does). It is not App
/// Bridge and is never mapped when real Shopify is configured.
/// </summary>
public sealed partial class SampleApp
{
    private void MapEmulatorAdmin()
    {
        App.MapGet("/emulator/admin", AdminFrame);
        App.MapPost("/emulator/session-token", MintSessionToken);
    }

    private IResult AdminFrame(long? user)
    {
        var shop = DemoShop!;
        var userId = user ?? OwnerId;
        var shopState = Emulator!.GetShop(shop);
        if (shopState.FindUser(userId) is null)
        {
            return Results.NotFound();
        }

        var appUrl = "/app?" + Emulator.CreateAppLoadQuery(shop, userId);
        var body = new StringBuilder("<section><h1>Shopify admin (emulated): ").Append(Html.Encode(shopState.Name)).Append("</h1><p>Signed in to the admin as ");
        foreach (var staff in shopState.Users)
        {
            var id = staff.Id.ToString(CultureInfo.InvariantCulture);
            body.Append(staff.Id == userId ? "<b>" : $"<a id=\"as-{id}\" href=\"/emulator/admin?user={id}\">")
                .Append(Html.Encode(staff.FirstName + " " + staff.LastName))
                .Append(staff.Id == userId ? "</b> " : "</a> ");
        }

        body.Append("<span class=\"note\">(emulator only: this page plays the Shopify admin and App Bridge)</span></p>")
            .Append("<iframe id=\"app-frame\" title=\"app\" src=\"").Append(Html.Encode(appUrl))
            .Append("\" style=\"width:100%;height:640px;border:1px solid #c9cccf;border-radius:8px;background:#fff\"></iframe></section>")
            .Append("<script>window.addEventListener('message', async e => {")
            .Append("if (e.origin !== location.origin || !e.data || e.data.type !== 'session-token-request') return;")
            .Append("const r = await fetch('/emulator/session-token?user=").Append(userId.ToString(CultureInfo.InvariantCulture)).Append("', { method: 'POST' });")
            .Append("e.source.postMessage({ type: 'session-token', id: e.data.id, token: await r.text() }, location.origin);});</script>");
        return Html.Page("Shopify admin (emulator)", Mode, body.ToString());
    }

    private IResult MintSessionToken(long user)
        => Emulator!.GetShop(DemoShop!).FindUser(user) is null
            ? Results.NotFound()
            : Results.Text(Emulator.MintSessionToken(DemoShop!, user), "text/plain");
}
