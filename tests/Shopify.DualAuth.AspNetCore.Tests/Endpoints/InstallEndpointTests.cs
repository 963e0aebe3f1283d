using System.Net;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.AspNetCore.Tests.Harness;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.AspNetCore.Tests.Endpoints;

public sealed class InstallEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task A_new_shop_is_sent_to_the_offline_grant_with_a_locked_down_state_cookie(AppHost host)
    {
        await using var app = await TestApp.StartAsync(host);

        using var response = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var authorize = response.Headers.Location!;
        Assert.Equal(new Uri(app.Emulator.Endpoints.GetShopBaseAddress(app.Domain), "admin/oauth/authorize").AbsoluteUri, authorize.GetLeftPart(UriPartial.Path));
        var query = Urls.Query(authorize);
        Assert.Equal(TestApp.ClientId, query["client_id"]);
        Assert.Equal(ScopeSet.Parse(TestApp.RequiredScopes), ScopeSet.Parse(query["scope"]));
        Assert.Equal(app.Url("/auth/callback").AbsoluteUri, query["redirect_uri"]);
        Assert.Equal(string.Empty, query["grant_options[]"]);
        Assert.Matches("^[0-9a-f]{64}$", query["state"]);

        var cookie = Assert.Single(Urls.SetCookies(response));
        Assert.StartsWith("shopify_app_state=", cookie, StringComparison.Ordinal);
        Assert.Contains("max-age=60", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/auth/callback", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(query["state"], cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnet-shop", cookie, StringComparison.Ordinal);

        // The browser sends the cookie to the callback only.
        Assert.Contains("shopify_app_state=", app.Cookies.GetCookieHeader(app.Url("/auth/callback?code=1")), StringComparison.Ordinal);
        Assert.Empty(app.Cookies.GetCookieHeader(app.Url("/")));
    }

    [Theory]
    [InlineData("https://aspnet-shop.myshopify.com")]
    [InlineData("ASPNET-SHOP.myshopify.com")]
    [InlineData("admin.shopify.com/store/aspnet-shop")]
    public async Task The_shop_may_be_given_in_any_form_Shopify_uses(string shop)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var response = await app.GetDocumentAsync("/auth/install?shop=" + Uri.EscapeDataString(shop));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/shops/aspnet-shop.myshopify.com/admin/oauth/authorize", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?shop=")]
    [InlineData("?shop=evil.example.com")]
    [InlineData("?shop=aspnet-shop.myshopify.com.evil.example")]
    [InlineData("?shop=aspnet-shop.myshopify.com&shop=other.myshopify.com")]
    public async Task A_missing_or_invalid_shop_is_refused_without_a_cookie(string query)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var response = await app.GetDocumentAsync("/auth/install" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Urls.SetCookies(response));
        Assert.DoesNotContain("evil", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_Shopify_signed_is_verified()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var signed = await app.GetDocumentAsync("/auth/install?" + app.Emulator.CreateInstallQuery(app.Domain));
        using var tampered = await app.GetDocumentAsync("/auth/install?" + app.Emulator.CreateInstallQuery(app.Domain).Replace("aspnet-shop", "other-shop", StringComparison.Ordinal));
        using var forged = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}&timestamp=1&hmac={new string('0', 64)}");

        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Empty(Urls.SetCookies(tampered));
    }

    [Fact]
    public async Task A_signed_request_older_than_the_allowed_age_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.Clock = clock);
        var query = app.Emulator.CreateInstallQuery(app.Domain);

        clock.Advance(TimeSpan.FromMinutes(2));
        using var response = await app.GetDocumentAsync("/auth/install?" + query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_installed_shop_goes_straight_to_the_per_user_grant()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        await app.Service<IShopifyTokenStore>().SaveOfflineTokenAsync(new OfflineToken(app.Domain, "shpat_installed", ScopeSet.Parse(TestApp.RequiredScopes)), Ct);

        using var response = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("per-user", Urls.Query(response.Headers.Location!)["grant_options[]"]);
    }

    [Fact]
    public async Task A_shop_whose_grant_lacks_required_scopes_is_authorized_offline_again_and_the_app_is_told()
    {
        var told = new List<ReauthorizationRequiredContext>();
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.AspNetCore = o => o.Events.OnReauthorizationRequired = c =>
        {
            told.Add(c);
            return Task.CompletedTask;
        });
        await app.Service<IShopifyTokenStore>().SaveOfflineTokenAsync(new OfflineToken(app.Domain, "shpat_old", ScopeSet.Parse("read_orders")), Ct);

        using var response = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");

        Assert.Equal(string.Empty, Urls.Query(response.Headers.Location!)["grant_options[]"]);
        var context = Assert.Single(told);
        Assert.Equal(ReauthorizationTrigger.ScopesNotGranted, context.Trigger);
        Assert.Equal(app.Domain, context.Shop);
        Assert.Null(context.UserId);
    }

    [Fact]
    public async Task A_shop_whose_offline_token_can_no_longer_be_refreshed_is_authorized_offline_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var told = new List<ReauthorizationTrigger>();
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s =>
        {
            s.Clock = clock;
            s.AspNetCore = o => o.Events.OnReauthorizationRequired = c =>
            {
                told.Add(c.Trigger);
                return Task.CompletedTask;
            };
        });
        var now = clock.GetUtcNow();
        await app.Service<IShopifyTokenStore>().SaveOfflineTokenAsync(
            new OfflineToken(app.Domain, "shpat_dead", ScopeSet.Parse(TestApp.RequiredScopes), now.AddHours(-1), "shprt_dead", now.AddMinutes(-1)),
            Ct);

        using var response = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");

        Assert.Equal(string.Empty, Urls.Query(response.Headers.Location!)["grant_options[]"]);
        Assert.Equal([ReauthorizationTrigger.OfflineTokenUnusable], told);
    }

    [Fact]
    public async Task Inside_the_admin_iframe_it_breaks_out_to_the_top_window_first()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        var signed = app.Emulator.SignQuery([new("embedded", "1"), new("host", "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvYXNwbmV0LXNob3A"), new("shop", app.Domain.Value), new("timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        using var response = await app.GetDocumentAsync("/auth/install?" + signed);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"https://cdn.shopify.com/shopifycloud/app-bridge.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains($"<meta name=\"shopify-api-key\" content=\"{TestApp.ClientId}\">", html, StringComparison.Ordinal);
        Assert.Equal(app.Url($"/auth/install?shop={app.Domain.Value}"), Urls.ExitIframeTarget(html));
        Assert.Empty(Urls.SetCookies(response));

        // The top window's request is the app's own: a bare shop, no signature.
        using var top = await app.GetDocumentAsync(Urls.ExitIframeTarget(html));
        Assert.Equal(HttpStatusCode.Redirect, top.StatusCode);
    }

    [Theory]
    [InlineData("/orders?page=2", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("https://evil.example/", false)]
    public async Task Only_a_local_return_address_is_kept(string returnUrl, bool kept)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var response = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}&embedded=1&return_url={Uri.EscapeDataString(returnUrl)}");
        var target = Urls.ExitIframeTarget(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(kept ? returnUrl : null, Urls.Query(target).GetValueOrDefault("return_url"));
    }
}
