using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.AspNetCore.Tests.Harness;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.AspNetCore.Tests.Flows;

/// <summary>The embedded app end to end: install on the first load (both tokens, no redirect), fetches with Bearer, reloads, expiry, uninstall.</summary>
public sealed class EmbeddedFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task The_first_load_installs_both_tokens_without_a_redirect_and_fetches_use_them(AppHost host)
    {
        var installs = new List<ShopInstalledContext>();
        await using var app = await TestApp.StartAsync(host, s => s.AspNetCore = o => o.Events.OnShopInstalled = c =>
        {
            installs.Add(c);
            return Task.CompletedTask;
        });

        using var load = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId));

        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        var page = await PageReport.ReadAsync(load);
        Assert.Equal(app.Domain.Value, page["shop"]);
        Assert.Equal(TestApp.OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture), page["user"]);
        Assert.Matches("^[0-9a-f]{64}$", page["session"]);
        var store = app.Service<IShopifyTokenStore>();
        var offline = await store.GetOfflineTokenAsync(app.Domain, Ct);
        var online = await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct);
        Assert.NotNull(offline);
        Assert.True(offline.IsExpiring);
        Assert.Equal(online!.AccessToken, page["online"]);
        Assert.Equal(1, app.Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOffline, app.Domain));
        Assert.Equal(1, app.Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOnline, app.Domain));
        Assert.Equal(0, app.Emulator.Counters.EndpointCalls(EmulatorEndpoint.Authorize));
        var installed = Assert.Single(installs);
        Assert.Equal(offline, installed.Offline);
        Assert.Equal(online, installed.Online);

        // The front end's fetch brings a fresh session token in the header; nothing is exchanged again.
        using var fetch = await app.FetchAsync("/api/data", app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId));
        Assert.Equal(HttpStatusCode.OK, fetch.StatusCode);
        Assert.Equal(online.AccessToken, (await PageReport.ReadAsync(fetch))["online"]);

        // A reload is a new document load with a new id_token: still nothing exchanged.
        using var reload = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId));
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.Equal(1, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(1, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.Single(installs);
    }

    [Fact]
    public async Task Another_user_of_an_installed_shop_gets_an_online_token_of_their_own_when_asked()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        using (var first = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var staff = await app.FetchAsync("/api/data", app.Emulator.MintSessionToken(app.Domain, TestApp.StaffId));

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        var page = await PageReport.ReadAsync(staff);
        Assert.Equal(TestApp.StaffId.ToString(System.Globalization.CultureInfo.InvariantCulture), page["user"]);
        var stored = await app.Service<IShopifyTokenStore>().GetOnlineTokenAsync(app.Domain, TestApp.StaffId, Ct);
        Assert.Equal(stored!.AccessToken, page["online"]);
        Assert.Equal(TestApp.StaffId, app.Emulator.Tokens.Describe(page["online"])!.UserId);
        Assert.Equal(1, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(2, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
    }

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task An_expired_online_token_is_exchanged_again_lazily(AppHost host)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(host, s => s.Clock = clock);
        string firstOnline;
        using (var load = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId)))
        {
            firstOnline = (await PageReport.ReadAsync(load))["online"];
        }

        clock.Advance(TimeSpan.FromHours(25));
        using var fetch = await app.FetchAsync("/api/data", app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId));

        Assert.Equal(HttpStatusCode.OK, fetch.StatusCode);
        var renewed = (await PageReport.ReadAsync(fetch))["online"];
        Assert.NotEqual(firstOnline, renewed);
        Assert.True(app.Emulator.Tokens.IsActive(renewed));
        Assert.Equal(2, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.Equal(1, app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
    }

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task After_uninstall_the_next_load_installs_again(AppHost host)
    {
        var installs = 0;
        await using var app = await TestApp.StartAsync(host, s => s.AspNetCore = o => o.Events.OnShopInstalled = _ =>
        {
            Interlocked.Increment(ref installs);
            return Task.CompletedTask;
        });
        using (var first = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var store = app.Service<IShopifyTokenStore>();
        var oldOffline = (await store.GetOfflineTokenAsync(app.Domain, Ct))!.AccessToken;
        var uninstalled = await app.Emulator.UninstallAppAsync(app.Domain, app.WebhookAddress, Ct);
        Assert.Equal(HttpStatusCode.OK, uninstalled.StatusCode);
        Assert.Null(await store.GetOfflineTokenAsync(app.Domain, Ct));
        Assert.Null(await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct));

        // The merchant installs the app again from the admin (Shopify-managed), then opens it.
        app.Shop.Installed = true;
        using var reopened = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId));

        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        var offline = await store.GetOfflineTokenAsync(app.Domain, Ct);
        Assert.NotEqual(oldOffline, offline!.AccessToken);
        Assert.True(app.Emulator.Tokens.IsActive(offline.AccessToken));
        Assert.Equal((await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct))!.AccessToken, (await PageReport.ReadAsync(reopened))["online"]);
        Assert.Equal(2, installs);
    }

    [Fact]
    public async Task The_apps_endpoints_reach_the_token_lifecycle_from_the_request()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.Endpoints = web => web.MapGet("/offline", async (HttpContext context) =>
            (await context.GetShopifyTokens().GetOfflineTokenAsync(context.GetShopifyShop()!, context.RequestAborted)).AccessToken).RequireAuthorization());

        using var response = await app.FetchAsync("/offline", app.Emulator.MintSessionToken(app.Domain, TestApp.OwnerId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var offline = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(app.Emulator.Tokens.GetOfflineAccessToken(app.Domain), offline);
        Assert.Equal(EmulatedTokenKind.OfflineExpiring, app.Emulator.Tokens.Describe(offline)!.Kind);
    }

    [Fact]
    public async Task A_stored_offline_token_that_needs_reauthorization_is_replaced_by_the_next_load()
    {
        var triggers = new List<ReauthorizationTrigger>();
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.AspNetCore = o => o.Events.OnReauthorizationRequired = c =>
        {
            triggers.Add(c.Trigger);
            return Task.CompletedTask;
        });
        var store = app.Service<IShopifyTokenStore>();
        await store.SaveOfflineTokenAsync(new OfflineToken(app.Domain, "shpat_revoked", ScopeSet.Parse(TestApp.RequiredScopes)) { RequiresReauthorization = true }, Ct);

        using var load = await app.GetDocumentAsync("/app?" + app.Emulator.CreateAppLoadQuery(app.Domain, TestApp.OwnerId));

        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        var offline = await store.GetOfflineTokenAsync(app.Domain, Ct);
        Assert.False(offline!.RequiresReauthorization);
        Assert.NotEqual("shpat_revoked", offline.AccessToken);
        Assert.Equal([ReauthorizationTrigger.OfflineTokenUnusable], triggers);
    }

    [Fact]
    public async Task A_token_Shopify_refuses_to_exchange_sends_a_page_load_to_the_bounce_page_and_a_fetch_to_a_retry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.Clock = clock);

        // Valid here (within the 10 s clock skew), not yet valid for Shopify, which allows no leeway.
        string Early() => app.Emulator.MintSessionToken(new SessionTokenDescriptor { Shop = app.Domain, UserId = TestApp.OwnerId, IssuedAt = clock.GetUtcNow().AddSeconds(5) });

        using var load = await app.GetDocumentAsync($"/app?shop={app.Domain.Value}&id_token={Early()}");
        using var fetch = await app.FetchAsync("/api/data", Early());

        Assert.Equal(HttpStatusCode.Redirect, load.StatusCode);
        Assert.StartsWith("/auth/session-token?", load.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        Assert.Equal("1", fetch.Headers.GetValues(ShopifySessionTokenDefaults.RetryHeader).Single());
        Assert.Null(await app.Service<IShopifyTokenStore>().GetOfflineTokenAsync(app.Domain, Ct));
        Assert.True(app.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline) >= 2);
    }
}
