using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.AspNetCore.Tests.Harness;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Webhooks;

namespace Shopify.DualAuth.AspNetCore.Tests.Authentication;

/// <summary>The <c>ShopifySessionToken</c> scheme: where it reads the token, what it rejects, and how it challenges.</summary>
public sealed class SessionTokenSchemeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_load_without_a_session_token_goes_to_the_bounce_page_keeping_its_parameters()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var response = await app.GetDocumentAsync($"/app?embedded=1&host=YWRtaW4&shop={app.Domain.Value}&id_token=&page=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var bounce = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/auth/session-token?", bounce, StringComparison.Ordinal);
        var query = Urls.Query(new Uri(app.BaseAddress, bounce));
        Assert.Equal("1", query["embedded"]);
        Assert.Equal("YWRtaW4", query["host"]);
        Assert.Equal(app.Domain.Value, query["shop"]);
        Assert.False(query.ContainsKey("id_token"));
        var reload = new Uri(query["shopify-reload"]);
        Assert.Equal(app.Url("/app").AbsoluteUri, reload.GetLeftPart(UriPartial.Path));
        Assert.Equal("2", Urls.Query(reload)["page"]);
        Assert.False(Urls.Query(reload).ContainsKey("id_token"));

        // The bounce page accepts the address it was given.
        using var page = await app.GetDocumentAsync(bounce);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_fetch_without_a_session_token_gets_401_asking_App_Bridge_to_retry()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var response = await app.FetchAsync("/api/data");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues(ShopifySessionTokenDefaults.RetryHeader).Single());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("expired")]
    [InlineData("other-app")]
    [InlineData("garbage")]
    public async Task An_invalid_session_token_is_a_retry_for_a_fetch_and_a_bounce_for_a_page_load(string kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.Clock = clock);
        var token = kind switch
        {
            "wrong-secret" => app.Emulator.MintSessionToken(new SessionTokenDescriptor { Shop = app.Domain, UserId = TestApp.OwnerId, SigningSecret = "not-the-secret" }),
            "expired" => app.Emulator.MintSessionToken(new SessionTokenDescriptor { Shop = app.Domain, UserId = TestApp.OwnerId, IssuedAt = clock.GetUtcNow().AddMinutes(-5) }),
            "other-app" => app.Emulator.MintSessionToken(new SessionTokenDescriptor { Shop = app.Domain, UserId = TestApp.OwnerId, Audience = "another-app" }),
            _ => "not.a.jwt",
        };

        using var fetch = await app.FetchAsync("/api/data", token);
        using var load = await app.GetDocumentAsync($"/app?shop={app.Domain.Value}&id_token={token}");

        Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        Assert.Equal("1", fetch.Headers.GetValues(ShopifySessionTokenDefaults.RetryHeader).Single());
        Assert.Contains("invalid_token", fetch.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, load.StatusCode);
        Assert.StartsWith("/auth/session-token?", load.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0, app.Emulator.Counters.EndpointCalls(EmulatorEndpoint.AccessToken));
    }

    [Fact]
    public async Task A_shop_parameter_that_disagrees_with_the_token_is_rejected_without_bounce_or_retry()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        var token = app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId);

        using var fetch = await app.FetchAsync("/api/data?shop=other-shop.myshopify.com", token);
        using var load = await app.GetDocumentAsync($"/app?shop=other-shop.myshopify.com&id_token={token}");
        using var malformed = await app.FetchAsync("/api/data?shop=not a shop", token);
        using var agreeing = await app.FetchAsync($"/api/data?shop={app.Domain.Value}", token);

        Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        Assert.False(fetch.Headers.Contains(ShopifySessionTokenDefaults.RetryHeader));
        Assert.Equal(HttpStatusCode.Unauthorized, load.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, agreeing.StatusCode);
        Assert.Equal(app.Domain.Value, (await PageReport.ReadAsync(agreeing))["shop"]);
    }

    [Fact]
    public async Task The_id_token_parameter_counts_only_on_page_loads()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);

        using var fetch = await app.FetchAsync($"/api/data?id_token={app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId)}");

        Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
    }

    [Theory]
    [InlineData("document", null, true)]
    [InlineData("iframe", null, true)]
    [InlineData(null, "text/html,*/*", true)]
    [InlineData("empty", "text/html", false)]
    [InlineData(null, "application/json", false)]
    public async Task Page_loads_are_told_from_fetches_by_fetch_metadata_then_by_Accept(string? fetchDest, string? accept, bool bounced)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        using var request = new HttpRequestMessage(HttpMethod.Get, app.Url("/app"));
        if (fetchDest is not null)
        {
            request.Headers.Add("Sec-Fetch-Dest", fetchDest);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await app.Browser.SendAsync(request, Ct);

        Assert.Equal(bounced ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_Authorize_attribute_and_the_principal_just_work()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.Endpoints = web => web.MapGet("/claims", [Authorize] (ClaimsPrincipal user) =>
            string.Join(',', user.FindFirstValue(ShopifyClaimTypes.Shop), user.FindFirstValue(ShopifyClaimTypes.UserId), user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity!.AuthenticationType)));
        var token = app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId);

        using var attributed = await app.FetchAsync("/attributed", token);
        using var claims = await app.FetchAsync("/claims", token);
        using var anonymous = await app.FetchAsync("/claims");

        Assert.Equal(HttpStatusCode.OK, attributed.StatusCode);
        Assert.Equal($"{app.Domain.Value},{TestApp.OwnerId},{TestApp.OwnerId},{ShopifySessionTokenDefaults.AuthenticationScheme}", await claims.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_events_can_supply_the_token_add_claims_and_take_over_the_challenge()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s =>
        {
            s.Services = services => services.Configure<ShopifySessionTokenOptions>(ShopifySessionTokenDefaults.AuthenticationScheme, o =>
            {
                o.Events.OnMessageReceived = c =>
                {
                    c.Token = c.Request.Headers["X-Custom-Token"].FirstOrDefault();
                    return Task.CompletedTask;
                };
                o.Events.OnTokenValidated = c =>
                {
                    ((ClaimsIdentity)c.Principal!.Identity!).AddClaim(new Claim("tier", c.SessionToken.UserId == TestApp.OwnerId ? "owner" : "staff"));
                    return Task.CompletedTask;
                };
                o.Events.OnChallenge = async c =>
                {
                    c.HandleResponse();
                    c.Response.StatusCode = StatusCodes.Status418ImATeapot;
                    await c.Response.WriteAsync(c.Failure?.ToString() ?? "none");
                };
            });
            s.Endpoints = web => web.MapGet("/tier", (ClaimsPrincipal user) => user.FindFirstValue("tier")).RequireAuthorization();
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, app.Url("/tier"));
        request.Headers.Add("X-Custom-Token", app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId));
        using var supplied = await app.Browser.SendAsync(request, Ct);
        using var challenged = await app.FetchAsync("/tier", "not.a.jwt");

        Assert.Equal("owner", await supplied.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, supplied.StatusCode);
        Assert.Equal((HttpStatusCode)418, challenged.StatusCode);
        Assert.Equal(nameof(SessionTokenFailureKind.InvalidToken), await challenged.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Install_on_first_load_can_be_turned_off()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.Services = services =>
            services.Configure<ShopifySessionTokenOptions>(ShopifySessionTokenDefaults.AuthenticationScheme, o => o.InstallOnFirstLoad = false));

        using var data = await app.FetchAsync("/api/data", app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId));

        // The page asked for the online token itself: one online exchange, no offline one.
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal(0, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(1, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
    }

    [Theory]
    [InlineData(true, ShopifySessionTokenDefaults.AuthenticationScheme)]
    [InlineData(false, ShopifyUserDefaults.AuthenticationScheme)]
    public async Task The_default_scheme_follows_the_kind_of_app_unless_the_app_chose_one(bool embedded, string expected)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.AspNetCore = o => o.Embedded = embedded);
        Assert.Equal(expected, app.Service<IOptions<AuthenticationOptions>>().Value.DefaultScheme);

        await using var chosen = await TestApp.StartAsync(AppHost.InProcess, s => s.Services = services => services.AddAuthentication("Custom"));
        Assert.Equal("Custom", chosen.Service<IOptions<AuthenticationOptions>>().Value.DefaultScheme);
    }

    [Fact]
    public async Task The_librarys_endpoints_stay_reachable_under_a_fallback_policy_that_requires_a_user()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s =>
        {
            s.Services = services => services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            s.Endpoints = web => web.MapGet("/proxy", (HttpContext c) => c.GetShopifyAppProxy()!.Value.Shop!.Value).RequireShopifyAppProxy();
        });

        using var install = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");
        using var bounce = await app.GetDocumentAsync("/auth/session-token");
        using var callback = await app.GetDocumentAsync("/auth/callback");
        using var proxy = await app.Browser.GetAsync(app.Url("/proxy?" + app.Emulator.SignAppProxyQuery(app.Domain, "/apps/x")), Ct);
        var webhook = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json("orders/create", app.Domain, "{}"), Ct);

        Assert.Equal(HttpStatusCode.Redirect, install.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bounce.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Equal("The request's signature is not valid.", await callback.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, proxy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
    }
}
