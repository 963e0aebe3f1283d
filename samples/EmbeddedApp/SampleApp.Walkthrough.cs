using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Samples.Shared;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;

namespace EmbeddedApp;

public sealed partial class SampleApp
{
    /// <summary>
    /// Runs the whole flow over HTTP against this host, as the admin frame and the app's front end
    /// would, then prints the tokens held and the calls Shopify saw.
    /// </summary>
    /// <returns>0 when every check passed, 1 otherwise.</returns>
    public async Task<int> RunWalkthroughAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        var log = new WalkthroughLog(output);
        if (Emulator is null || DemoShop is not { } shop)
        {
            output.WriteLine("The walkthrough drives the Shopify emulator; run without Shopify:ClientId configured.");
            return 2;
        }

        output.WriteLine($"EmbeddedApp walkthrough: app {BaseAddress}, Shopify emulator {Emulator.BaseAddress}, shop {shop.Value}");
        using var browser = new SampleBrowser(BaseAddress, log);
        try
        {
            var store = App.Services.GetRequiredService<IShopifyTokenStore>();
            log.Step("Olive Owner opens the app in the (emulated) Shopify admin");
            var admin = await browser.GetStringAsync("/emulator/admin", cancellationToken);
            var frame = FrameSource(admin);
            log.Check(frame.StartsWith("/app?", StringComparison.Ordinal) && frame.Contains("id_token=", StringComparison.Ordinal), "the admin frames /app with an id_token");

            log.Step("The frame's first load: two token exchanges, zero redirects");
            var page = await browser.SendForStringAsync(Document(frame), cancellationToken);
            log.Check(page.Contains("Hello, Olive Owner", StringComparison.Ordinal), "the page greets Olive Owner (online token)");
            log.Check(page.Contains($"<b id=\"shop-name\">{DemoShopName}</b>", StringComparison.Ordinal), $"the page shows \"{DemoShopName}\" (Admin API, offline token)");
            log.Check(Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOffline, shop) == 1 && Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOnline, shop) == 1, "one offline and one online token exchange");
            log.Check(Emulator.Counters.EndpointCalls(EmulatorEndpoint.Authorize) == 0, "no authorize redirect");
            var offline = await store.GetOfflineTokenAsync(shop, cancellationToken);
            log.Check(offline is not null && !page.Contains(offline.AccessToken, StringComparison.Ordinal), "the page shows no raw token");

            log.Step("The front end fetches /api/whoami with a fresh session token (App Bridge's job)");
            var who = await WhoAmIAsync(browser, OwnerId, cancellationToken);
            log.Check(who.GetProperty("userId").GetInt64() == OwnerId && who.GetProperty("user").GetString() == "Olive Owner", "the app answers for Olive");
            log.Check(Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline, shop) == 1, "no further exchange: her online token is reused");

            log.Step("Sam Staff opens the app: his own online token, no second offline exchange");
            frame = FrameSource(await browser.GetStringAsync($"/emulator/admin?user={StaffId.ToString(CultureInfo.InvariantCulture)}", cancellationToken));
            page = await browser.SendForStringAsync(Document(frame), cancellationToken);
            log.Check(page.Contains("Hello, Sam Staff", StringComparison.Ordinal) && !page.Contains("Olive", StringComparison.Ordinal), "the page greets Sam and shows nothing of Olive");
            who = await WhoAmIAsync(browser, StaffId, cancellationToken);
            log.Check(who.GetProperty("userId").GetInt64() == StaffId, "the app answers for Sam");
            var olive = await store.GetOnlineTokenAsync(shop, OwnerId, cancellationToken);
            var sam = await store.GetOnlineTokenAsync(shop, StaffId, cancellationToken);
            log.Check(olive is not null && sam is not null && olive.AccessToken != sam.AccessToken, "each user has their own online token");
            log.Check(Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline, shop) == 1 && Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline, shop) == 2, "exchanges: 1 offline, 2 online in all");

            log.Table("Tokens held", TokenView.Headers, await TokenView.RowsAsync(App.Services, shop, [OwnerId, StaffId], cancellationToken));
            log.Table("Calls Shopify saw (emulator counters)", ["call", "count"],
            [
                ["authorize redirects", Emulator.Counters.EndpointCalls(EmulatorEndpoint.Authorize, shop).ToString(CultureInfo.InvariantCulture)],
                ["offline token exchanges", Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOffline, shop).ToString(CultureInfo.InvariantCulture)],
                ["online token exchanges", Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOnline, shop).ToString(CultureInfo.InvariantCulture)],
                ["code grants", Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode, shop).ToString(CultureInfo.InvariantCulture)],
                ["Admin API (GraphQL)", Emulator.Counters.EndpointCalls(EmulatorEndpoint.GraphQL, shop).ToString(CultureInfo.InvariantCulture)],
            ]);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            log.Check(false, "the flow ran: " + e.GetType().Name + ": " + e.Message);
        }

        output.WriteLine();
        output.WriteLine(log.Failed ? "Walkthrough FAILED." : "Walkthrough passed.");
        return log.Failed ? 1 : 0;
    }

    private static string FrameSource(string adminPage)
    {
        const string Marker = "id=\"app-frame\" title=\"app\" src=\"";
        var from = adminPage.IndexOf(Marker, StringComparison.Ordinal);
        if (from < 0)
        {
            throw new InvalidOperationException("The admin page has no app frame.");
        }

        from += Marker.Length;
        return WebUtility.HtmlDecode(adminPage[from..adminPage.IndexOf('"', from)]);
    }

    private HttpRequestMessage Document(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, pathAndQuery));
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("Sec-Fetch-Dest", "iframe");
        return request;
    }

    private async Task<JsonElement> WhoAmIAsync(SampleBrowser browser, long userId, CancellationToken cancellationToken)
    {
        using var mint = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, $"/emulator/session-token?user={userId.ToString(CultureInfo.InvariantCulture)}"));
        var token = await browser.SendForStringAsync(mint, cancellationToken);
        using var fetch = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "/api/whoami"));
        fetch.Headers.Accept.ParseAdd("application/json");
        fetch.Headers.Add("Sec-Fetch-Dest", "empty");
        fetch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var json = JsonDocument.Parse(await browser.SendForStringAsync(fetch, cancellationToken));
        return json.RootElement.Clone();
    }
}
