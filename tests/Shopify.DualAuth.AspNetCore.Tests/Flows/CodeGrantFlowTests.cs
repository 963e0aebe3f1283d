using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.AspNetCore.Tests.Harness;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.AspNetCore.Tests.Flows;

/// <summary>
/// The standalone app end to end: install → authorize offline → callback → authorize per-user →
/// callback → signed in with name and email; reloads, expiry of the online token, replays and forgeries.
/// </summary>
public sealed class CodeGrantFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task Install_chains_both_grants_and_signs_the_user_in_with_name_and_email(AppHost host)
    {
        var events = new List<string>();
        await using var app = await StartAsync(host, s => s.AspNetCore = o =>
        {
            o.Embedded = false;
            o.AppPath = "/welcome";
            o.Events.OnShopInstalled = c =>
            {
                events.Add($"installed {c.Shop.Value} online={c.Online is not null}");
                return Task.CompletedTask;
            };
            o.Events.OnUserSignedIn = c =>
            {
                events.Add($"signed in {c.User.Id} {c.User.Email}");
                return Task.CompletedTask;
            };
        });

        var walk = await WalkAsync(app, $"/auth/install?shop={app.Domain.Value}");

        Assert.Equal(["authorize offline", "callback", "authorize per-user", "callback", "/welcome"], walk.Steps);
        Assert.Equal(HttpStatusCode.OK, walk.Final.StatusCode);
        var page = await PageReport.ReadAsync(walk.Final);
        Assert.Equal(app.Domain.Value, page["shop"]);
        Assert.Equal(TestApp.OwnerId.ToString(CultureInfo.InvariantCulture), page["user"]);
        Assert.Equal("Olive Owner", page["name"]);
        Assert.Equal("olive@example.com", page["email"]);
        Assert.Equal("True", page["verified"]);
        var store = app.Service<IShopifyTokenStore>();
        var offline = await store.GetOfflineTokenAsync(app.Domain, Ct);
        var online = await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct);
        Assert.True(offline!.IsExpiring);
        Assert.True(app.Emulator.Tokens.IsActive(offline.AccessToken));
        Assert.Equal(online!.AccessToken, page["online"]);
        Assert.Equal(2, app.Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode, app.Domain));
        Assert.Equal([$"installed {app.Domain.Value} online=False", $"signed in {TestApp.OwnerId} olive@example.com"], events);
        Assert.DoesNotContain(app.Cookies.GetCookies(app.Url("/auth/callback")), c => c.Name == "shopify_app_state");

        // Later loads: the cookie is enough, Shopify is not involved.
        app.Emulator.ClearRequests();
        using var reload = await app.GetDocumentAsync("/app");
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.Equal("Olive Owner", (await PageReport.ReadAsync(reload))["name"]);
        Assert.Empty(app.Emulator.Requests);
    }

    [Fact]
    public async Task An_installed_shops_next_user_gets_only_the_per_user_grant_and_a_sign_up_page_prefilled()
    {
        await using var app = await StartAsync(AppHost.InProcess, s => s.AspNetCore = o =>
        {
            o.Embedded = false;
            o.Events.OnUserSignedIn = c =>
            {
                c.ReturnUrl = "/welcome?signup=1";
                return Task.CompletedTask;
            };
        });
        await WalkAsync(app, $"/auth/install?shop={app.Domain.Value}");
        app.ForgetCookies();

        app.Emulator.SignIn(app.Domain, TestApp.StaffId);
        var walk = await WalkAsync(app, $"/auth/install?shop={app.Domain.Value}");

        Assert.Equal(["authorize per-user", "callback", "/welcome?signup=1"], walk.Steps);
        var page = await PageReport.ReadAsync(walk.Final);
        Assert.Equal("Sam Staff", page["name"]);
        Assert.Equal("sam@example.com", page["email"]);
        Assert.Equal("False", page["verified"]);
    }

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task A_signed_in_user_whose_online_token_expired_is_sent_through_the_per_user_grant_and_back(AppHost host)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var triggers = new List<(ReauthorizationTrigger Trigger, long? User)>();
        await using var app = await StartAsync(host, s =>
        {
            s.Clock = clock;
            s.AspNetCore = o =>
            {
                o.Embedded = false;
                o.Events.OnReauthorizationRequired = c =>
                {
                    triggers.Add((c.Trigger, c.UserId));
                    return Task.CompletedTask;
                };
            };
        });
        await WalkAsync(app, $"/auth/install?shop={app.Domain.Value}");
        var firstOnline = (await app.Service<IShopifyTokenStore>().GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct))!.AccessToken;

        clock.Advance(TimeSpan.FromHours(25));
        using var fetch = await app.FetchAsync("/api/data");
        var walk = await WalkAsync(app, "/app?tab=orders");

        Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        Assert.Equal(["install", "authorize per-user", "callback", "/app?tab=orders"], walk.Steps);
        var page = await PageReport.ReadAsync(walk.Final);
        Assert.NotEqual(firstOnline, page["online"]);
        Assert.True(app.Emulator.Tokens.IsActive(page["online"]));
        Assert.Equal((ReauthorizationTrigger.OnlineTokenExpired, TestApp.OwnerId), triggers[0]);
    }

    [Fact]
    public async Task After_uninstall_the_signed_in_user_goes_through_the_whole_install_again()
    {
        await using var app = await StartAsync(AppHost.Kestrel, s => s.AspNetCore = o => o.Embedded = false);
        await WalkAsync(app, $"/auth/install?shop={app.Domain.Value}");
        var uninstalled = await app.Emulator.UninstallAppAsync(app.Domain, app.WebhookAddress, Ct);
        Assert.Equal(HttpStatusCode.OK, uninstalled.StatusCode);

        var walk = await WalkAsync(app, "/app");

        Assert.Equal(["install", "authorize offline", "callback", "authorize per-user", "callback", "/app"], walk.Steps);
        Assert.Equal(HttpStatusCode.OK, walk.Final.StatusCode);
        var offline = await app.Service<IShopifyTokenStore>().GetOfflineTokenAsync(app.Domain, Ct);
        Assert.True(app.Emulator.Tokens.IsActive(offline!.AccessToken));
        Assert.True(app.Shop.Installed);
    }

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task A_replayed_callback_fails_cleanly_and_changes_nothing(AppHost host)
    {
        await using var app = await StartAsync(host, s => s.AspNetCore = o => o.Embedded = false);
        var walk = await WalkAsync(app, $"/auth/install?shop={app.Domain.Value}");
        var store = app.Service<IShopifyTokenStore>();
        var offline = await store.GetOfflineTokenAsync(app.Domain, Ct);
        var online = await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct);

        foreach (var callback in walk.Callbacks)
        {
            using var replay = await app.GetDocumentAsync(callback);
            Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
            Assert.DoesNotContain(Urls.SetCookies(replay), c => c.StartsWith(".Shopify.User=", StringComparison.Ordinal));
        }

        Assert.Equal(offline, await store.GetOfflineTokenAsync(app.Domain, Ct));
        Assert.Equal(online, await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct));
        Assert.Equal(2, app.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
        using var still = await app.GetDocumentAsync("/app");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task A_callback_with_a_tampered_state_cookie_is_refused(AppHost host)
    {
        await using var app = await StartAsync(host, s => s.AspNetCore = o => o.Embedded = false);
        var callback = await AuthorizeOnceAsync(app);
        var cookie = app.Cookies.GetCookies(callback).Single(c => c.Name == "shopify_app_state");
        var chars = cookie.Value.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';
        cookie.Value = new string(chars);

        using var response = await app.GetDocumentAsync(callback);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await app.Service<IShopifyTokenStore>().GetOfflineTokenAsync(app.Domain, Ct));
        Assert.Equal(0, app.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    [Fact]
    public async Task A_state_cookie_from_another_flow_or_older_than_a_minute_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(AppHost.InProcess, s =>
        {
            s.Clock = clock;
            s.AspNetCore = o => o.Embedded = false;
        });

        // Two flows started: the second one's cookie replaced the first's.
        var first = await AuthorizeOnceAsync(app);
        var second = await AuthorizeOnceAsync(app);
        using var crossed = await app.GetDocumentAsync(first);
        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);

        var late = await AuthorizeOnceAsync(app);
        clock.Advance(TimeSpan.FromSeconds(61));
        using var expired = await app.GetDocumentAsync(late);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.NotEqual(first, second);
        Assert.Equal(0, app.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    [Theory]
    [InlineData("code", AppHost.InProcess)]
    [InlineData("shop", AppHost.InProcess)]
    [InlineData("hmac", AppHost.InProcess)]
    [InlineData("code", AppHost.Kestrel)]
    public async Task A_callback_whose_signature_does_not_verify_gets_401_and_keeps_the_state_cookie(string tamper, AppHost host)
    {
        await using var app = await StartAsync(host, s => s.AspNetCore = o => o.Embedded = false);
        var callback = await AuthorizeOnceAsync(app);
        var query = Urls.Query(callback);
        query[tamper] = tamper switch
        {
            "code" => "0123456789abcdef0123456789abcdef",
            "shop" => "other-shop.myshopify.com",
            _ => new string('0', 64),
        };
        var forged = new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))));

        using var response = await app.GetDocumentAsync(forged);
        using var genuine = await app.GetDocumentAsync(callback);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
    }

    [Fact]
    public async Task A_correctly_signed_callback_for_another_state_or_shop_is_refused()
    {
        await using var app = await StartAsync(AppHost.InProcess, s => s.AspNetCore = o => o.Embedded = false);
        var other = app.Emulator.AddShop("other-shop");

        using var wrongState = await app.GetDocumentAsync(Resign(app, await AuthorizeOnceAsync(app), "state", new string('a', 64)));
        using var wrongShop = await app.GetDocumentAsync(Resign(app, await AuthorizeOnceAsync(app), "shop", other.Domain.Value));

        Assert.Equal(HttpStatusCode.Forbidden, wrongState.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongShop.StatusCode);
        Assert.Equal(0, app.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    [Fact]
    public async Task A_declined_authorization_is_refused_without_tokens()
    {
        await using var app = await StartAsync(AppHost.InProcess, s =>
        {
            s.AspNetCore = o => o.Embedded = false;
            s.Shop = shop => shop.DeclinesAuthorization = true;
        });

        var callback = await AuthorizeOnceAsync(app);
        using var response = await app.GetDocumentAsync(callback);

        Assert.Equal("access_denied", Urls.Query(callback)["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await app.Service<IShopifyTokenStore>().GetOfflineTokenAsync(app.Domain, Ct));
    }

    [Fact]
    public async Task A_signed_callback_without_a_code_or_with_a_code_Shopify_refuses_is_refused()
    {
        await using var app = await StartAsync(AppHost.InProcess, s => s.AspNetCore = o => o.Embedded = false);

        var callback = await AuthorizeOnceAsync(app);
        using var withoutCode = await app.GetDocumentAsync(Resign(app, callback, "code", null));
        callback = await AuthorizeOnceAsync(app);
        using var refusedCode = await app.GetDocumentAsync(Resign(app, callback, "code", "0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.BadRequest, withoutCode.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedCode.StatusCode);
        Assert.Equal(1, app.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
        Assert.Equal(0, app.Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode));
        Assert.Null(await app.Service<IShopifyTokenStore>().GetOfflineTokenAsync(app.Domain, Ct));
    }

    [Fact]
    public async Task A_code_of_the_other_access_mode_than_the_state_asked_for_signs_nobody_in()
    {
        await using var app = await StartAsync(AppHost.InProcess, s => s.AspNetCore = o => o.Embedded = false);

        // An offline authorization in progress (the shop has no token yet), and a per-user code obtained elsewhere.
        var offlineCallback = await AuthorizeOnceAsync(app);
        Assert.Equal(string.Empty, Urls.Query(offlineCallback).GetValueOrDefault("error", string.Empty));
        app.Emulator.SignIn(app.Domain, TestApp.StaffId);
        var perUserUrl = app.Service<ShopifyOAuthClient>().BuildAuthorizeUrl(app.Domain, AccessMode.Online, app.Url("/auth/callback"), new string('b', 32));
        using var perUser = await app.GetDocumentAsync(perUserUrl);
        var perUserCode = Urls.Query(perUser.Headers.Location!)["code"];

        using var response = await app.GetDocumentAsync(Resign(app, offlineCallback, "code", perUserCode));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain(Urls.SetCookies(response), c => c.StartsWith(".Shopify.User=", StringComparison.Ordinal));
        Assert.Null(await app.Service<IShopifyTokenStore>().GetOfflineTokenAsync(app.Domain, Ct));
    }

    [Fact]
    public async Task Every_path_and_the_public_address_are_configurable()
    {
        await using var app = await StartAsync(AppHost.InProcess, s => s.AspNetCore = o =>
        {
            o.Embedded = false;
            o.AppUrl = new Uri("https://app.test/");
            o.InstallPath = "/shopify/install";
            o.CallbackPath = "/shopify/oauth/callback";
            o.SessionTokenPath = "/shopify/bounce";
            o.AppPath = "/welcome";
            o.StateCookieName = "oauth_state";
        });

        using var install = await app.GetDocumentAsync($"/shopify/install?shop={app.Domain.Value}");
        var cookie = Assert.Single(Urls.SetCookies(install));
        var walk = await WalkAsync(app, $"/shopify/install?shop={app.Domain.Value}");
        using var bounce = await app.GetDocumentAsync("/shopify/bounce");
        using var defaultInstall = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");

        Assert.Equal("https://app.test/shopify/oauth/callback", Urls.Query(install.Headers.Location!)["redirect_uri"]);
        Assert.StartsWith("oauth_state=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/shopify/oauth/callback", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/welcome", walk.Steps[^1]);
        Assert.Equal(HttpStatusCode.OK, bounce.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, defaultInstall.StatusCode);
    }

    private static Uri Resign(TestApp app, Uri callback, string key, string? value)
    {
        var parameters = Urls.Query(callback)
            .Where(p => p.Key != "hmac" && (value is not null || p.Key != key))
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Key == key ? value! : p.Value));
        return new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + app.Emulator.SignQuery(parameters));
    }

    private static Task<TestApp> StartAsync(AppHost host, Action<TestAppSetup> configure)
        => TestApp.StartAsync(host, s =>
        {
            s.Shop = shop => shop.Installed = false;
            configure(s);
        });

    /// <summary>Starts a flow at the install endpoint and returns the callback URL Shopify redirects to, not yet visited.</summary>
    private static async Task<Uri> AuthorizeOnceAsync(TestApp app)
    {
        using var install = await app.GetDocumentAsync($"/auth/install?shop={app.Domain.Value}");
        Assert.Equal(HttpStatusCode.Redirect, install.StatusCode);
        using var authorize = await app.GetDocumentAsync(install.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        return authorize.Headers.Location!;
    }

    /// <summary>Follows redirects like a browser, naming each hop, until a page answers.</summary>
    private static async Task<Walk> WalkAsync(TestApp app, string start)
    {
        var steps = new List<string>();
        var callbacks = new List<Uri>();
        var next = app.Url(start);
        for (var hop = 0; hop < 10; hop++)
        {
            var response = await app.GetDocumentAsync(next);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                steps.Add(next.PathAndQuery);
                return new Walk(steps.Skip(1).ToList(), callbacks, response);
            }

            steps.Add(Describe(next));
            if (next.AbsolutePath == "/auth/callback")
            {
                callbacks.Add(next);
            }

            next = new Uri(next, response.Headers.Location!);
            response.Dispose();
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static string Describe(Uri url)
        => url.AbsolutePath switch
        {
            "/auth/install" => "install",
            "/auth/callback" => "callback",
            _ when url.AbsolutePath.EndsWith("/admin/oauth/authorize", StringComparison.Ordinal)
                => Urls.Query(url)["grant_options[]"] == "per-user" ? "authorize per-user" : "authorize offline",
            _ => url.PathAndQuery,
        };

    private sealed record Walk(List<string> Steps, List<Uri> Callbacks, HttpResponseMessage Final);
}
