using static Microsoft.Playwright.Assertions;
using EmbeddedSample = EmbeddedApp.SampleApp;

namespace Shopify.DualAuth.Samples.Tests;

/// <summary>The token-exchange sample in a real browser, inside the emulator's admin frame, and its headless walkthrough.</summary>
public sealed class EmbeddedAppTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_admin_frame_loads_the_app_with_both_tokens_and_each_user_sees_only_themselves()
    {
        await using var sample = await EmbeddedSample.StartAsync(["--port=0"], Ct);
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await Browser.NewContextAsync(browser);
            var page = await context.NewPageAsync();

            await page.GotoAsync(new Uri(sample.BaseAddress, "/emulator/admin").ToString());
            var app = page.FrameLocator("#app-frame");
            await Expect(app.Locator("#greeting")).ToHaveTextAsync("Hello, Olive Owner");
            await Expect(app.Locator("#shop-name")).ToHaveTextAsync(EmbeddedSample.DemoShopName);

            // The app's fetch gets a fresh session token from the frame (App Bridge's job) and sends it as Bearer.
            await app.Locator("#whoami").ClickAsync();
            await Expect(app.Locator("#whoami-result")).ToContainTextAsync($"\"userId\":{EmbeddedSample.OwnerId}");
            await Browser.ScreenshotAsync(page, "embedded-app-1-olive");

            await page.ClickAsync($"#as-{EmbeddedSample.StaffId}");
            await Expect(app.Locator("#greeting")).ToHaveTextAsync("Hello, Sam Staff");
            await app.Locator("#whoami").ClickAsync();
            await Expect(app.Locator("#whoami-result")).ToContainTextAsync($"\"userId\":{EmbeddedSample.StaffId}");
            await Expect(app.Locator("body")).Not.ToContainTextAsync("Olive");
            await Browser.ScreenshotAsync(page, "embedded-app-2-sam");
        }

        var counters = sample.Emulator!.Counters;
        Assert.Equal(1, counters.Calls(Testing.Emulator.EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(2, counters.Calls(Testing.Emulator.EmulatorGrant.TokenExchangeOnline));
        Assert.Equal(0, counters.EndpointCalls(Testing.Emulator.EmulatorEndpoint.Authorize));
    }

    [Fact]
    public async Task The_walkthrough_runs_the_whole_flow_and_reports_success()
    {
        await using var sample = await EmbeddedSample.StartAsync(["--port=0"], Ct);
        using var output = new StringWriter();

        var exitCode = await sample.RunWalkthroughAsync(output, Ct);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("Walkthrough passed.", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output.ToString(), StringComparison.Ordinal);
    }
}
