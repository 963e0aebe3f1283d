using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Samples.Shared;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator.Webhooks;

namespace OfflineAtInstall;

public sealed partial class SampleApp
{
    private const string Title = "OfflineAtInstall sample";

    private void MapPages()
    {
        App.MapGet("/", Landing);
        App.MapGet("/signup", (Delegate)SignUpAsync).RequireAuthorization();
        App.MapGet("/webhook-log", WebhookLogPage).RequireAuthorization();

        // Emulator-only controls: they drive the in-process Shopify, so they exist only in emulator mode.
        App.MapPost("/demo/act-as/{userId:long}", ActAsAsync);
        App.MapPost("/demo/orders-create", (Delegate)SendOrderWebhookAsync);
        App.MapPost("/demo/advance-clock", AdvanceClock);
    }

    private IResult Landing(HttpContext context)
    {
        var body = new StringBuilder("<section><h1>Install the app</h1>");
        if (DemoShop is { } shop)
        {
            body.Append("<p>This app runs against an in-process <b>Shopify emulator</b> with the shop <code>")
                .Append(Html.Encode(shop.Value))
                .Append("</code> (users Olive Owner and Sam Staff). Installing asks for the shop's offline token and, in the same pass, your own online token.</p>")
                .Append("<form method=\"get\" action=\"/auth/install\"><input type=\"hidden\" name=\"shop\" value=\"").Append(Html.Encode(shop.Value))
                .Append("\"><button id=\"install\" type=\"submit\">Install on demo shop</button></form>");
        }
        else
        {
            body.Append("<form method=\"get\" action=\"/auth/install\"><label for=\"shop\">Shop domain</label><input id=\"shop\" name=\"shop\" placeholder=\"your-shop.myshopify.com\" required> <button type=\"submit\">Install</button></form>");
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            body.Append("<p class=\"note\">You are signed in: <a href=\"/signup\">continue to sign-up</a>.</p>");
        }

        return Html.Page(Title, Mode, body.Append("</section>").ToString());
    }

    private async Task<IResult> SignUpAsync(HttpContext context)
    {
        var user = context.GetShopifyUser()!;
        var shop = context.GetShopifyShop()!;
        // Only the shop's token and this user's own: another staff member's token is not this user's business.
        var rows = await TokenView.RowsAsync(App.Services, shop, [user.Id], context.RequestAborted);
        var others = 0;
        if (Emulator is not null)
        {
            var store = context.RequestServices.GetRequiredService<IShopifyTokenStore>();
            foreach (var staff in Emulator.GetShop(shop).Users.Where(u => u.Id != user.Id))
            {
                others += await store.GetOnlineTokenAsync(shop, staff.Id, context.RequestAborted) is null ? 0 : 1;
            }
        }

        var body = new StringBuilder()
            .Append("<section><h1 id=\"greeting\">Welcome, ").Append(Html.Encode(user.FirstName)).Append('!').Append("</h1>")
            .Append("<p>Create your account for <b>").Append(Html.Encode(shop.Value)).Append("</b>. The fields come from your online token's user.</p>")
            .Append("<form onsubmit=\"return false\">")
            .Append(Field("first_name", "First name", user.FirstName))
            .Append(Field("last_name", "Last name", user.LastName))
            .Append(Field("email", "Email", user.Email))
            .Append("<p><button type=\"submit\">Create account</button> <span class=\"note\">(the sample stops here)</span></p></form></section>")
            .Append("<section><h2>Tokens the app holds for this shop</h2>")
            .Append(Html.Table(TokenView.Headers, rows))
            .Append("<p class=\"note\" id=\"others\">The app also holds online tokens for ").Append(others.ToString(CultureInfo.InvariantCulture)).Append(" other staff user(s) of this shop, not shown here.</p>")
            .Append("<p class=\"note\">Values are the token records' redacted form; the raw tokens never leave the store.</p></section>");

        if (Emulator is not null)
        {
            body.Append("<section><h2>Emulator controls</h2><p class=\"note\">Emulator only: these drive the in-process Shopify.</p>");
            foreach (var other in Emulator.GetShop(shop).Users.Where(u => u.Id != user.Id))
            {
                body.Append("<form class=\"inline\" method=\"post\" action=\"/demo/act-as/").Append(other.Id.ToString(CultureInfo.InvariantCulture))
                    .Append("\"><button class=\"secondary\" id=\"act-as-").Append(other.Id.ToString(CultureInfo.InvariantCulture)).Append("\">Open the app as ")
                    .Append(Html.Encode(other.FirstName + " " + other.LastName)).Append("</button></form>");
            }

            body.Append("<form class=\"inline\" method=\"post\" action=\"/demo/orders-create\"><button class=\"secondary\" id=\"send-webhook\">Send an orders/create webhook</button></form>")
                .Append("<form class=\"inline\" method=\"post\" action=\"/demo/advance-clock\"><button class=\"secondary\" id=\"advance-clock\">Advance the clock 61 minutes</button></form>")
                .Append("<p class=\"note\">Clock offset: ").Append(Html.Encode(Clock!.Offset.ToString())).Append(". <a href=\"/webhook-log\">Webhook log</a></p></section>");
        }

        return Html.Page(Title, Mode, body.ToString());
    }

    private IResult WebhookLogPage(HttpContext context)
    {
        var entries = context.RequestServices.GetRequiredService<WebhookLog>().Entries;
        var body = "<section><h1>Webhooks handled</h1>"
            + Html.Table(["received", "topic", "shop", "result"], entries.Select(e => new[] { e.At.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Topic, e.Shop, e.Result }))
            + "<p><a href=\"/signup\">Back</a></p></section>";
        return Html.Page(Title, Mode, body);
    }

    private async Task<IResult> ActAsAsync(HttpContext context, long userId)
    {
        if (Emulator is null || DemoShop is not { } shop || Emulator.GetShop(shop).FindUser(userId) is null)
        {
            return Results.NotFound();
        }

        // As if another staff member signed in to the Shopify admin and opened the app in their own browser.
        Emulator.SignIn(shop, userId);
        await context.SignOutAsync(ShopifyUserDefaults.AuthenticationScheme);
        return Results.Redirect("/auth/install?shop=" + Uri.EscapeDataString(shop.Value));
    }

    private async Task<IResult> SendOrderWebhookAsync(HttpContext context)
    {
        if (Emulator is null || DemoShop is not { } shop)
        {
            return Results.NotFound();
        }

        var delivery = await Emulator.SendWebhookAsync(new Uri(BaseAddress, "/webhooks"), WebhookMessage.Json("orders/create", shop, """{"id":820982911946154508,"total_price":"19.99"}"""), context.RequestAborted);
        return delivery.Succeeded ? Results.Redirect("/webhook-log") : Results.Problem($"The webhook was answered {(int)delivery.StatusCode}.");
    }

    private IResult AdvanceClock()
    {
        if (Clock is null)
        {
            return Results.NotFound();
        }

        Clock.Advance(TimeSpan.FromMinutes(61));
        return Results.Redirect("/signup");
    }

    private static string Field(string name, string label, string? value)
        => $"<label for=\"{name}\">{Html.Encode(label)}</label><input id=\"{name}\" name=\"{name}\" value=\"{Html.Encode(value)}\">";
}
