using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>Per-user online tokens: cached per (shop, user), one exchange per user however many requests, never shared.</summary>
public sealed class OnlineTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_miss_exchanges_once_then_the_token_is_served_from_memory()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        using var hits = rig.App.Collect("shopify.dualauth.online_token_cache.hits");
        using var misses = rig.App.Collect("shopify.dualauth.online_token_cache.misses");

        var staff = await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(LifecycleRig.StaffId), Ct);
        var again = await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(LifecycleRig.StaffId), Ct);

        Assert.Equal(LifecycleRig.StaffId, staff.User.Id);
        Assert.Equal(staff, again);
        Assert.Equal(staff, await rig.Store.GetOnlineTokenAsync(rig.Domain, LifecycleRig.StaffId, Ct));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.Equal(1, hits.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, misses.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task A_hundred_concurrent_requests_of_one_user_make_one_exchange()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        var sessionTokens = Enumerable.Range(0, 100).Select(_ => rig.SessionToken(LifecycleRig.StaffId)).ToArray();
        rig.App.Gate.Close();
        using var start = new ManualResetEventSlim();

        var requests = sessionTokens.Select(token => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await rig.Tokens.GetOnlineTokenAsync(token, Ct);
            },
            Ct)).ToArray();
        start.Set();
        await RefreshTests.WaitUntilAsync(() => rig.App.Gate.Arrived == 1);
        await Task.Delay(50, Ct);
        rig.App.Gate.Open();
        var tokens = await Task.WhenAll(requests);

        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.Single(tokens.Distinct());
        Assert.All(tokens, token => Assert.Equal(LifecycleRig.StaffId, token.User.Id));
    }

    [Fact]
    public async Task Two_users_get_two_exchanges_and_never_each_others_token()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        var sessionTokens = Enumerable.Range(0, 100).Select(i => rig.SessionToken(i % 2 == 0 ? LifecycleRig.OwnerId : LifecycleRig.StaffId)).ToArray();
        rig.App.Gate.Close();

        var requests = sessionTokens.Select(token => rig.Tokens.GetOnlineTokenAsync(token, Ct).AsTask()).ToArray();
        rig.App.Gate.Open();
        var tokens = await Task.WhenAll(requests);

        // The owner's token came from the install; only the staff member needed an exchange here.
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        for (var i = 0; i < tokens.Length; i++)
        {
            Assert.Equal(sessionTokens[i].UserId, tokens[i].User.Id);
            Assert.Equal(sessionTokens[i].UserId, rig.Emulator.Tokens.Describe(tokens[i].AccessToken)!.UserId);
        }

        Assert.Equal(2, tokens.Select(t => t.AccessToken).Distinct().Count());
    }

    [Fact]
    public async Task Two_users_without_stored_tokens_make_two_exchanges()
    {
        await using var rig = LifecycleRig.Create();
        rig.App.Gate.Close();

        var owner = rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(LifecycleRig.OwnerId), Ct).AsTask();
        var staff = rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(LifecycleRig.StaffId), Ct).AsTask();
        rig.App.Gate.Open();

        Assert.Equal(LifecycleRig.OwnerId, (await owner).User.Id);
        Assert.Equal(LifecycleRig.StaffId, (await staff).User.Id);
        Assert.NotEqual((await owner).AccessToken, (await staff).AccessToken);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
    }

    [Fact]
    public async Task An_expired_token_is_exchanged_again()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();

        rig.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(installed.Online, await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct));
        Assert.Equal(0, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));

        // Past its expiry less the clock skew: memory and store both miss.
        rig.Time.Advance(installed.Online.ExpiresAt - rig.Time.GetUtcNow() - TimeSpan.FromSeconds(5));
        var renewed = await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct);

        Assert.NotEqual(installed.Online.AccessToken, renewed.AccessToken);
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
        Assert.True(rig.Emulator.Tokens.IsActive(renewed.AccessToken));
        Assert.Equal(renewed, await rig.Store.GetOnlineTokenAsync(rig.Domain, LifecycleRig.OwnerId, Ct));
    }

    [Fact]
    public async Task Another_instance_finds_the_token_in_the_shared_store_without_an_exchange()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();
        var second = rig.AddInstance();

        Assert.Equal(installed.Online, await second.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct));
        Assert.Empty(rig.Emulator.Requests);
    }

    [Fact]
    public async Task A_failed_exchange_is_not_remembered()
    {
        await using var rig = LifecycleRig.Create();
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 4, Testing.Emulator.Faults.EmulatorFault.InternalServerError, EmulatorGrant.TokenExchangeOnline);

        await Assert.ThrowsAsync<Shopify.DualAuth.OAuth.ShopifyOAuthException>(async () => await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct));
        var token = await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct);

        Assert.Equal(LifecycleRig.OwnerId, token.User.Id);
        Assert.Equal(5, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
    }

    [Fact]
    public async Task Uninstall_forgets_the_cached_online_tokens()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();
        await rig.Tokens.UninstallAsync(rig.Domain, Ct);

        var token = await rig.Tokens.GetOnlineTokenAsync(rig.SessionToken(), Ct);

        Assert.NotEqual(installed.Online.AccessToken, token.AccessToken);
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
    }
}
