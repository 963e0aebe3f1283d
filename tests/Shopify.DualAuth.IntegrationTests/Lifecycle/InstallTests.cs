using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

public sealed class InstallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Install_exchanges_the_session_token_twice_and_stores_both_tokens()
    {
        await using var rig = LifecycleRig.Create();

        var tokens = await rig.Tokens.InstallAsync(rig.SessionToken(), Ct);

        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.Equal(2, rig.Emulator.Counters.EndpointCalls(EmulatorEndpoint.AccessToken));
        Assert.True(tokens.Offline.IsExpiring);
        Assert.Equal(tokens.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(tokens.Online, await rig.Store.GetOnlineTokenAsync(rig.Domain, LifecycleRig.OwnerId, Ct));
        Assert.Equal(LifecycleRig.OwnerId, tokens.Online.User.Id);
        Assert.True(rig.Emulator.Tokens.IsActive(tokens.Offline.AccessToken));
        Assert.True(rig.Emulator.Tokens.IsActive(tokens.Online.AccessToken));
        Assert.Equal(tokens.Offline.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
    }

    [Fact]
    public async Task Install_with_expiring_tokens_off_stores_a_non_expiring_token()
    {
        await using var rig = LifecycleRig.Create(app: options => options.ExpiringOfflineTokens = false);

        var tokens = await rig.Tokens.InstallAsync(rig.SessionToken(), Ct);

        Assert.False(tokens.Offline.IsExpiring);
        Assert.Equal(tokens.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Fact]
    public async Task After_install_later_calls_are_served_without_Shopify()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();

        var offline = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        var online = await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct);

        Assert.Equal(installed.Offline, offline);
        Assert.Equal(installed.Online, online);
        Assert.Empty(rig.Emulator.Requests);
    }

    [Fact]
    public async Task Fifty_concurrent_installs_of_one_user_make_one_exchange_of_each_kind()
    {
        await using var rig = LifecycleRig.Create();
        var sessionTokens = Enumerable.Range(0, 50).Select(_ => rig.SessionToken()).ToArray();
        rig.App.Gate.Close();

        // Started one by one on this thread: every call is in flight before the first exchange can finish.
        var installs = sessionTokens.Select(token => rig.Tokens.InstallAsync(token, Ct)).ToArray();
        rig.App.Gate.Open();
        var results = await Task.WhenAll(installs);

        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.Single(results.Select(r => r.Offline.AccessToken).Distinct());
        Assert.Single(results.Select(r => r.Online.AccessToken).Distinct());
        Assert.Equal(results[0].Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Fact]
    public async Task Concurrent_installs_of_two_users_share_the_offline_exchange_and_each_get_their_own_online_token()
    {
        await using var rig = LifecycleRig.Create();
        var owners = Enumerable.Range(0, 25).Select(_ => rig.SessionToken(LifecycleRig.OwnerId));
        var staff = Enumerable.Range(0, 25).Select(_ => rig.SessionToken(LifecycleRig.StaffId));
        var sessionTokens = owners.Concat(staff).ToArray();
        rig.App.Gate.Close();

        var installs = sessionTokens.Select(token => rig.Tokens.InstallAsync(token, Ct)).ToArray();
        rig.App.Gate.Open();
        var results = await Task.WhenAll(installs);

        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(sessionTokens[i].UserId, results[i].Online.User.Id);
            Assert.Equal(sessionTokens[i].UserId, rig.Emulator.Tokens.Describe(results[i].Online.AccessToken)!.UserId);
        }
    }
}
