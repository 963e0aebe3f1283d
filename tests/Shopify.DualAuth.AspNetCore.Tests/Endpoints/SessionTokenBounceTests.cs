using System.Net;
using Shopify.DualAuth.AspNetCore.Tests.Harness;

namespace Shopify.DualAuth.AspNetCore.Tests.Endpoints;

public sealed class SessionTokenBounceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_bounce_page_loads_App_Bridge_with_the_apps_key_and_may_be_framed_by_the_shop_only()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        var reload = app.Url($"/app?shop={app.Domain.Value}&embedded=1");

        using var response = await app.GetDocumentAsync($"/auth/session-token?shop={app.Domain.Value}&embedded=1&shopify-reload={Uri.EscapeDataString(reload.AbsoluteUri)}");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<script src=\"https://cdn.shopify.com/shopifycloud/app-bridge.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains($"<meta name=\"shopify-api-key\" content=\"{TestApp.ClientId}\">", html, StringComparison.Ordinal);
        Assert.Equal($"frame-ancestors https://{app.Domain.Value} https://admin.shopify.com;", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("https://evil.example/app")]
    [InlineData("https://app.test.evil.example/app")]
    [InlineData("/app")]
    [InlineData("javascript:alert(1)")]
    public async Task The_bounce_page_reloads_nothing_outside_the_app(string reload)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var response = await app.GetDocumentAsync($"/auth/session-token?shopify-reload={Uri.EscapeDataString(reload)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("app-bridge", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bounce_page_escapes_the_client_id()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.App = o => o.ClientId = "id\"><script>x</script>");

        using var response = await app.GetDocumentAsync("/auth/session-token");
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain("<script>x</script>", html, StringComparison.Ordinal);
        Assert.Contains("id&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
    }
}
