using System.Globalization;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>Refreshing the offline token: once per expiry, across racing callers and instances, through faults.</summary>
public sealed class RefreshTests
{
    private static readonly TimeSpan IntoRefreshWindow = TimeSpan.FromMinutes(56);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_concurrent_callers_across_an_expiry_make_exactly_one_refresh()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();
        rig.Time.Advance(IntoRefreshWindow);
        rig.App.Gate.Close();
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 200).Select(_ => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
            },
            Ct)).ToArray();
        start.Set();
        await WaitUntilAsync(() => rig.App.Gate.Arrived == 1);
        await Task.Delay(50, Ct);
        rig.App.Gate.Open();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        var refreshed = Assert.Single(tokens.Distinct());
        Assert.NotEqual(installed.Offline.AccessToken, refreshed.AccessToken);
        Assert.Equal(refreshed, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Fact]
    public async Task Two_instances_without_a_shared_lock_race_and_the_store_keeps_one_winner()
    {
        await using var rig = LifecycleRig.Create();
        var second = rig.AddInstance();
        var installed = await rig.InstallAsync();
        rig.Time.Advance(IntoRefreshWindow);
        using var firstRefreshes = rig.App.Collect("shopify.dualauth.refreshes");
        using var secondRefreshes = second.Collect("shopify.dualauth.refreshes");
        rig.App.Gate.Close();
        second.Gate.Close();

        // Both instances read the same stored token and send the same refresh token before either answer.
        var a = rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct).AsTask();
        var b = second.Tokens.GetOfflineTokenAsync(rig.Domain, Ct).AsTask();
        await WaitUntilAsync(() => rig.App.Gate.Arrived == 1 && second.Gate.Arrived == 1);
        rig.App.Gate.Open();
        await a;
        second.Gate.Open();
        var tokens = await Task.WhenAll(a, b);

        Assert.Equal(tokens[0], tokens[1]);
        var stored = await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct);
        Assert.Equal(tokens[0], stored);
        Assert.True(rig.Emulator.Tokens.IsActive(stored!.AccessToken));
        Assert.Equal(stored.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.Equal([installed.Offline.RefreshToken!, installed.Offline.RefreshToken!], rig.App.Gate.SentRefreshTokens.Concat(second.Gate.SentRefreshTokens));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(2, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
        Assert.DoesNotContain(rig.Emulator.Requests, r => r.Error is not null);
        var outcomes = firstRefreshes.GetMeasurementSnapshot().Concat(secondRefreshes.GetMeasurementSnapshot())
            .Select(m => (string)m.Tags["shopify.outcome"]!).Order(StringComparer.Ordinal);
        Assert.Equal(["lost_race", "rotated"], outcomes);

        // Both go on from the one stored chain.
        rig.Time.Advance(TimeSpan.FromMinutes(58));
        var next = await second.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        Assert.True(rig.Emulator.Tokens.IsActive(next.AccessToken));
        Assert.Equal(next, await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    public static TheoryData<string> Faults => ["500", "520", "lost", "reset"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failed_refresh_answer_is_retried_by_the_lifecycle_with_the_same_refresh_token(string fault)
    {
        // No HTTP-level retries: every repetition seen here is the lifecycle's own.
        await using var rig = LifecycleRig.Create(retry: options => options.MaxRetryAttempts = 0);
        var installed = await rig.InstallAsync();
        rig.Time.Advance(IntoRefreshWindow);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 2, Fault(fault), EmulatorGrant.RefreshToken);

        var refreshed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.Equal(3, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.All(rig.App.Gate.SentRefreshTokens, sent => Assert.Equal(installed.Offline.RefreshToken, sent));
        Assert.Equal(3, rig.App.Gate.SentRefreshTokens.Count);
        Assert.True(rig.Emulator.Tokens.IsActive(refreshed.AccessToken));
        Assert.Equal(refreshed.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.Equal(refreshed, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.DoesNotContain(rig.Emulator.Requests, r => r.Error is not null);
    }

    [Fact]
    public async Task A_lost_answer_behind_the_HTTP_retries_is_recovered_with_the_pair_Shopify_issued()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        rig.Time.Advance(IntoRefreshWindow);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.RefreshToken);

        var refreshed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        // Shopify rotated on the lost attempt; the repeated refresh was handed that same pair.
        Assert.Equal(rig.Emulator.Tokens.GetOfflineAccessToken(rig.Domain), refreshed.AccessToken);
        Assert.Equal(rig.Emulator.Tokens.GetRefreshToken(rig.Domain), refreshed.RefreshToken);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
    }

    [Fact]
    public async Task When_Shopify_stays_unreachable_the_current_token_is_used_while_it_lasts_then_the_failure_surfaces()
    {
        await using var rig = LifecycleRig.Create(retry: options => options.MaxRetryAttempts = 0);
        var installed = await rig.InstallAsync();
        rig.Time.Advance(IntoRefreshWindow);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 3, EmulatorFault.ServiceUnavailable, EmulatorGrant.RefreshToken);

        var postponed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.Equal(installed.Offline, postponed);
        Assert.Equal(3, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.True(rig.Emulator.Tokens.IsRefreshTokenAlive(installed.Offline.RefreshToken!));

        rig.Time.Advance(TimeSpan.FromMinutes(5));
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 3, EmulatorFault.ServiceUnavailable, EmulatorGrant.RefreshToken);
        var error = await Assert.ThrowsAsync<ShopifyOAuthException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(ShopifyOAuthErrorKind.Transient, error.Kind);
        Assert.Equal(installed.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));

        // Shopify is back: the same refresh token still works.
        var refreshed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        Assert.True(rig.Emulator.Tokens.IsActive(refreshed.AccessToken));
    }

    [Fact]
    public async Task A_rejected_refresh_marks_the_shop_for_the_whole_fleet_until_a_new_install()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        var second = rig.AddInstance();
        rig.Emulator.UninstallApp(rig.Domain);
        rig.Time.Advance(IntoRefreshWindow);

        var error = await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));

        Assert.Equal(ReauthorizationReason.RefreshTokenRejected, error.Reason);
        Assert.Equal(rig.Domain, error.Shop);
        Assert.Equal(ShopifyOAuthErrorKind.RefreshTokenRejected, Assert.IsType<ShopifyOAuthException>(error.InnerException).Kind);
        Assert.True((await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct))!.RequiresReauthorization);
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));

        // Every later call, on any instance, fails at once without calling Shopify.
        var again = await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        var elsewhere = await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await second.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(ReauthorizationReason.PreviouslyMarked, again.Reason);
        Assert.Equal(ReauthorizationReason.PreviouslyMarked, elsewhere.Reason);
        Assert.Equal(1, rig.Emulator.Counters.EndpointCalls(EmulatorEndpoint.AccessToken));

        // The merchant opens the app again: a new install clears the mark.
        rig.Shop.Installed = true;
        var reinstalled = await second.Tokens.InstallAsync(rig.SessionToken(), Ct);
        Assert.False(reinstalled.Offline.RequiresReauthorization);
        Assert.Equal(reinstalled.Offline, await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Fact]
    public async Task A_refusal_of_a_token_someone_replaced_meanwhile_does_not_mark_the_shop()
    {
        await using var rig = LifecycleRig.Create(store: time => new StaleReadsStore(new Shopify.DualAuth.Storage.InMemoryTokenStore(time)));
        var first = await rig.InstallAsync();
        var stale = (StaleReadsStore)rig.Store;

        // Another instance reinstalls (a new chain retires the first one); this instance still reads the old token twice.
        rig.Time.Advance(IntoRefreshWindow);
        var second = rig.AddInstance();
        var reinstalled = await second.Tokens.InstallAsync(rig.SessionToken(), Ct);
        stale.ServeStale(first.Offline, reads: 2);

        var token = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.Equal(reinstalled.Offline, token);
        Assert.Equal(reinstalled.Offline, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.True(rig.Emulator.Tokens.IsActive(token.AccessToken));
        Assert.Contains(rig.Emulator.Requests, r => r.Grant == EmulatorGrant.RefreshToken && r.StatusCode == 401);
    }

    [Fact]
    public async Task A_refresh_token_past_its_expiry_marks_the_shop_without_calling_Shopify()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        rig.Time.Advance(TimeSpan.FromDays(91));

        var error = await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));

        Assert.Equal(ReauthorizationReason.RefreshTokenExpired, error.Reason);
        Assert.Empty(rig.Emulator.Requests);
        Assert.True((await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct))!.RequiresReauthorization);
    }

    private static EmulatorFault Fault(string name) => name switch
    {
        "lost" => EmulatorFault.LostAnswer,
        "reset" => EmulatorFault.ConnectionReset,
        "520" => EmulatorFault.UnknownError,
        _ => EmulatorFault.ServerError(int.Parse(name, CultureInfo.InvariantCulture)),
    };

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition(), "The expected requests did not arrive.");
    }
}
