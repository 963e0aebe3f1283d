using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>The code grant: offline at install, then per user; a reloaded callback keeps what is stored.</summary>
public sealed class CodeGrantTests
{
    private static readonly Uri Callback = new("https://app.example.com/auth/callback");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> AuthorizeAsync(LifecycleRig rig, AccessMode mode)
    {
        var client = rig.App.Services.GetRequiredService<ShopifyOAuthClient>();
        var state = "state" + Guid.NewGuid().ToString("N");
        using var browser = rig.Emulator.CreateHttpClient();
        using var response = await browser.GetAsync(client.BuildAuthorizeUrl(rig.Domain, mode, Callback, state), Ct);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = response.Headers.Location!.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal(state, query["state"]);
        return query["code"];
    }

    [Fact]
    public async Task Offline_at_install_then_per_user_stores_both_tokens()
    {
        await using var rig = LifecycleRig.Create();
        rig.Emulator.SignIn(rig.Domain, LifecycleRig.StaffId);

        var offline = await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, await AuthorizeAsync(rig, AccessMode.Offline), Ct);
        var online = await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, await AuthorizeAsync(rig, AccessMode.Online), Ct);

        Assert.False(offline.IsOnline);
        Assert.True(offline.Offline!.IsExpiring);
        Assert.Equal(offline.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.True(online.IsOnline);
        Assert.Equal(LifecycleRig.StaffId, online.Online.User.Id);
        Assert.Equal(online.Online, await rig.Store.GetOnlineTokenAsync(rig.Domain, LifecycleRig.StaffId, Ct));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
        Assert.Equal(offline.Offline, await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Theory]
    [InlineData(AccessMode.Offline)]
    [InlineData(AccessMode.Online)]
    public async Task A_reloaded_callback_gets_the_stored_token_and_keeps_it(AccessMode mode)
    {
        await using var rig = LifecycleRig.Create();
        var code = await AuthorizeAsync(rig, mode);
        var first = await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct);

        var reload = await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct);

        Assert.Equal(mode, reload.AccessMode);
        Assert.Equal(first.ToString(), reload.ToString());
        Assert.Equal(first.IsOnline ? first.Online.AccessToken : first.Offline!.AccessToken, reload.IsOnline ? reload.Online.AccessToken : reload.Offline!.AccessToken);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode));
        if (mode == AccessMode.Offline)
        {
            Assert.Equal(first.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        }
        else
        {
            Assert.Equal(first.Online, await rig.Store.GetOnlineTokenAsync(rig.Domain, first.Online!.User.Id, Ct));
        }
    }

    [Fact]
    public async Task Concurrent_hits_with_one_code_share_one_redemption()
    {
        await using var rig = LifecycleRig.Create();
        var code = await AuthorizeAsync(rig, AccessMode.Offline);
        rig.App.Gate.Close();

        var hits = Enumerable.Range(0, 5).Select(_ => rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct)).ToArray();
        rig.App.Gate.Open();
        var grants = await Task.WhenAll(hits);

        Assert.Single(grants.Distinct());
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    [Fact]
    public async Task A_code_this_process_never_redeemed_is_refused_and_the_stored_token_is_untouched()
    {
        await using var rig = LifecycleRig.Create();
        var code = await AuthorizeAsync(rig, AccessMode.Offline);
        var first = await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct);

        // The reload lands on another instance, which cannot know what the code produced.
        var second = rig.AddInstance();
        var error = await Assert.ThrowsAsync<ShopifyOAuthException>(() => second.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.CodeRejected, error.Kind);
        Assert.Equal(first.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(first.Offline, await second.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Fact]
    public async Task A_reload_after_an_uninstall_is_refused()
    {
        await using var rig = LifecycleRig.Create();
        var code = await AuthorizeAsync(rig, AccessMode.Offline);
        await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct);
        await rig.Tokens.UninstallAsync(rig.Domain, Ct);

        var error = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.CodeRejected, error.Kind);
    }
}
