using OfflineAtInstall;
using static Microsoft.Playwright.Assertions;

namespace Shopify.DualAuth.Samples.Tests;

/// <summary>The code-grant sample in a real browser, and its headless walkthrough.</summary>
public sealed class OfflineAtInstallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Install_prefills_the_sign_up_page_a_second_user_gets_their_own_and_a_webhook_reads_the_shop_name()
    {
        await using var sample = await SampleApp.StartAsync(["--port=0"], Ct);
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await Browser.NewContextAsync(browser);
            var page = await context.NewPageAsync();

            await page.GotoAsync(sample.BaseAddress.ToString());
            await Browser.ScreenshotAsync(page, "offline-at-install-1-landing");
            await page.ClickAsync("#install");

            // Through the emulator's authorize page twice (offline, then per-user) and back.
            await page.WaitForURLAsync("**/signup");
            await Expect(page.Locator("#greeting")).ToHaveTextAsync("Welcome, Olive!");
            await Expect(page.Locator("#first_name")).ToHaveValueAsync("Olive");
            await Expect(page.Locator("#last_name")).ToHaveValueAsync("Owner");
            await Expect(page.Locator("#email")).ToHaveValueAsync("olive@example.com");
            await Expect(page.Locator("table")).ToContainTextAsync("shpat_***");
            await Browser.ScreenshotAsync(page, "offline-at-install-2-signup-olive");

            await page.ClickAsync($"#act-as-{SampleApp.StaffId}");
            await page.WaitForURLAsync("**/signup");
            await Expect(page.Locator("#greeting")).ToHaveTextAsync("Welcome, Sam!");
            await Expect(page.Locator("#email")).ToHaveValueAsync("sam@example.com");
            await Expect(page.Locator("#first_name")).ToHaveValueAsync("Sam");
            await Expect(page.Locator("table")).Not.ToContainTextAsync("Olive");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("olive@example.com");
            await Expect(page.Locator("#others")).ToContainTextAsync("online tokens for 1 other staff user(s)");
            await Browser.ScreenshotAsync(page, "offline-at-install-3-signup-sam");

            await page.ClickAsync("#send-webhook");
            await page.WaitForURLAsync("**/webhook-log");
            await Expect(page.Locator("table")).ToContainTextAsync($"Admin API says the shop is \"{SampleApp.DemoShopName}\"");
            await Browser.ScreenshotAsync(page, "offline-at-install-4-webhooks");
        }

        // Two users signed in, two online tokens; Sam's grant did not install the shop again.
        Assert.Equal(3, sample.Emulator!.Counters.Succeeded(Testing.Emulator.EmulatorGrant.AuthorizationCode));
        Assert.Equal(1, sample.Emulator.Counters.EndpointCalls(Testing.Emulator.EmulatorEndpoint.GraphQL));
    }

    [Fact]
    public async Task The_walkthrough_runs_the_whole_flow_and_reports_success()
    {
        await using var sample = await SampleApp.StartAsync(["--port=0"], Ct);
        using var output = new StringWriter();

        var exitCode = await sample.RunWalkthroughAsync(output, Ct);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("Walkthrough passed.", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, sample.Emulator!.Counters.Succeeded(Testing.Emulator.EmulatorGrant.RefreshToken));
    }
}
