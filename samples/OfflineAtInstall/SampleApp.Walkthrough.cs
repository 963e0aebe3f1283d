using System.Globalization;
using Samples.Shared;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;

namespace OfflineAtInstall;

public sealed partial class SampleApp
{
    /// <summary>
    /// Runs the whole flow over HTTP against this host, as a browser would (cookies kept, every redirect
    /// printed), then prints the tokens held and the calls Shopify saw.
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

        output.WriteLine($"OfflineAtInstall walkthrough: app {BaseAddress}, Shopify emulator {Emulator.BaseAddress}, shop {shop.Value}");
        using var browser = new SampleBrowser(BaseAddress, log);
        try
        {
            log.Step("Open the landing page");
            var landing = await browser.GetStringAsync("/", cancellationToken);
            log.Check(landing.Contains("Install on demo shop", StringComparison.Ordinal), "the page offers \"Install on demo shop\"");

            log.Step("Install as Olive Owner: offline grant, then her per-user grant, in one pass");
            var (url, response) = await browser.FollowAsync(HttpMethod.Get, "/auth/install?shop=" + shop.Value, cancellationToken);
            var signUp = await ReadAsync(response, cancellationToken);
            log.Check(url.AbsolutePath == "/signup", "landed on the sign-up page");
            log.Check(signUp.Contains("value=\"Olive\"", StringComparison.Ordinal) && signUp.Contains("value=\"Owner\"", StringComparison.Ordinal) && signUp.Contains("value=\"olive@example.com\"", StringComparison.Ordinal), "the form is pre-filled with Olive Owner, olive@example.com");
            var store = App.Services.GetRequiredService<IShopifyTokenStore>();
            var offline = await store.GetOfflineTokenAsync(shop, cancellationToken);
            log.Check(offline is { IsExpiring: true }, "the app holds an expiring offline token");
            log.Check(!signUp.Contains(offline?.AccessToken ?? "\0", StringComparison.Ordinal), "the page shows no raw token");
            log.Check(Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode, shop) == 2, "two code grants: offline and per-user");

            log.Step("A second staff user, Sam Staff, opens the app: only the per-user grant");
            (url, response) = await browser.FollowAsync(HttpMethod.Post, $"/demo/act-as/{StaffId.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            var samPage = await ReadAsync(response, cancellationToken);
            log.Check(url.AbsolutePath == "/signup" && samPage.Contains("value=\"sam@example.com\"", StringComparison.Ordinal), "Sam's sign-up page is pre-filled with his own details");
            log.Check(!samPage.Contains("olive@example.com", StringComparison.Ordinal) && !samPage.Contains("Olive Owner (", StringComparison.Ordinal), "Sam's page shows neither Olive's details nor her token");
            log.Check(Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode, shop) == 3, "one more code grant (per-user), no second install");
            var olive = await store.GetOnlineTokenAsync(shop, OwnerId, cancellationToken);
            var sam = await store.GetOnlineTokenAsync(shop, StaffId, cancellationToken);
            log.Check(olive is not null && sam is not null && olive.AccessToken != sam.AccessToken, "each user has their own online token");

            log.Step("Shopify sends orders/create; the handler reads the shop's name with the offline token");
            (_, response) = await browser.FollowAsync(HttpMethod.Post, "/demo/orders-create", cancellationToken);
            var webhooks = await ReadAsync(response, cancellationToken);
            log.Check(webhooks.Contains($"Admin API says the shop is &quot;{DemoShopName}&quot;", StringComparison.Ordinal), $"the webhook log shows \"{DemoShopName}\"");
            log.Check(Emulator.Counters.EndpointCalls(EmulatorEndpoint.GraphQL, shop) == 1, "one Admin API call");

            log.Step("Advance the clock 61 minutes: the offline token (1 hour) is now expired");
            (_, response) = await browser.FollowAsync(HttpMethod.Post, "/demo/advance-clock", cancellationToken);
            response.Dispose();
            log.Step("Another orders/create: the library refreshes the offline token before the Admin API call");
            (_, response) = await browser.FollowAsync(HttpMethod.Post, "/demo/orders-create", cancellationToken);
            webhooks = await ReadAsync(response, cancellationToken);
            var refreshed = await store.GetOfflineTokenAsync(shop, cancellationToken);
            log.Check(Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, shop) == 1, "one refresh-token grant");
            log.Check(refreshed is not null && offline is not null && refreshed.AccessToken != offline.AccessToken && Emulator.Tokens.IsActive(refreshed.AccessToken), "the stored offline token was replaced by an active one");
            log.Check(webhooks.Split($"Admin API says the shop is &quot;{DemoShopName}&quot;").Length == 3, "both deliveries read the shop name");

            var tokens = await TokenView.RowsAsync(App.Services, shop, [OwnerId, StaffId], cancellationToken);
            log.Table("Tokens held", TokenView.Headers, tokens);
            log.Table("Calls Shopify saw (emulator counters)", ["call", "count"],
            [
                ["authorize redirects", Emulator.Counters.EndpointCalls(EmulatorEndpoint.Authorize, shop).ToString(CultureInfo.InvariantCulture)],
                ["code grants", Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode, shop).ToString(CultureInfo.InvariantCulture)],
                ["refresh-token grants", Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, shop).ToString(CultureInfo.InvariantCulture)],
                ["token exchanges", (Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline, shop) + Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline, shop)).ToString(CultureInfo.InvariantCulture)],
                ["Admin API (GraphQL)", Emulator.Counters.EndpointCalls(EmulatorEndpoint.GraphQL, shop).ToString(CultureInfo.InvariantCulture)],
            ]);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            log.Check(false, "the flow ran: " + e.GetType().Name + ": " + e.Message);
        }

        output.WriteLine();
        output.WriteLine(log.Failed ? "Walkthrough FAILED." : "Walkthrough passed.");
        return log.Failed ? 1 : 0;
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
    }
}
