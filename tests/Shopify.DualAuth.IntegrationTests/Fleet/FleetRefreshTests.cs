using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// Four independent app instances on one shared store and lock, against one emulator: however many
/// callers arrive at once across the fleet, Shopify sees one refresh per expiry, and nobody loses the
/// refresh chain.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class FleetRefreshTests
{
    private const int Instances = 4;
    private const int Callers = 1000;
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<FleetStore> Stores => [FleetStore.Redis, FleetStore.PostgreSql];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_thousand_callers_across_four_instances_past_the_refresh_point_cause_exactly_one_refresh(FleetStore store)
    {
        var time = new FakeTimeProvider(Start);
        await using var fleet = await FleetRig.StartAsync(store, Instances, time);
        var installed = (await fleet.Tokens(0).InstallAsync(fleet.SessionToken(), Ct)).Offline;
        Assert.True(installed.IsExpiring);

        // Past expires_at - RefreshBeforeExpiry (5 minutes), still before the access token's expiry.
        time.SetUtcNow(installed.ExpiresAt!.Value - TimeSpan.FromMinutes(4));
        var results = await CallAllAsync(fleet, Callers, i => fleet.Tokens(i % Instances).GetOfflineTokenAsync(fleet.Domain, Ct).AsTask());

        Assert.Equal(1, fleet.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(1, fleet.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
        Assert.Equal(0, fleet.RejectedRefreshes());

        // Every caller needed a token valid for RefreshBeforeExpiry, which the old one no longer
        // was: each got the one new token, the one now stored and the one Shopify holds.
        var stored = await fleet.Store(3).GetOfflineTokenAsync(fleet.Domain, Ct);
        Assert.NotNull(stored);
        Assert.NotEqual(installed.AccessToken, stored.AccessToken);
        Assert.All(results, token => Assert.Equal(stored, token));
        Assert.Equal(fleet.Emulator.Tokens.GetRefreshToken(fleet.Domain), stored.RefreshToken);
        Assert.True(fleet.Emulator.Tokens.IsRefreshTokenAlive(stored.RefreshToken!));

        // Shopify agrees: the new token works on the Admin API, and the previous access token keeps
        // working until its own expiry (so a request that read it just before the refresh is fine).
        using var client = fleet.Emulator.CreateHttpClient();
        foreach (var token in results.Where((_, i) => i % 100 == 0))
        {
            Assert.Equal(200, await fleet.AdminApiStatusAsync(token.AccessToken, client));
        }

        Assert.Equal(200, await fleet.AdminApiStatusAsync(installed.AccessToken, client));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(401, await fleet.AdminApiStatusAsync(installed.AccessToken, client));
        Assert.Equal(200, await fleet.AdminApiStatusAsync(stored.AccessToken, client));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_thousand_requests_of_one_user_across_four_instances_exchange_at_most_once_per_instance(FleetStore store)
    {
        var time = new FakeTimeProvider(Start);
        await using var fleet = await FleetRig.StartAsync(store, Instances, time);
        await fleet.Tokens(0).InstallAsync(fleet.SessionToken(), Ct);
        var exchangesBefore = fleet.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline);

        // Each instance validated a session token of its own for the same staff member, as four
        // browser tabs routed to four servers would bring.
        var sessionTokens = Enumerable.Range(0, Instances).Select(i => fleet.SessionToken(FleetRig.StaffId, i)).ToArray();
        var results = await CallAllAsync(fleet, Callers, i => fleet.Tokens(i % Instances).GetOnlineTokenAsync(sessionTokens[i % Instances], Ct).AsTask());

        // The design: one exchange per user at a time in each process, the store read before any
        // exchange, and no lock across the fleet for online tokens (an online token is per user and
        // a second exchange retires nothing). So each instance exchanges at most once, and an
        // instance that finds another's token in the store exchanges not at all.
        var exchanges = fleet.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline) - exchangesBefore;
        Assert.InRange(exchanges, 1, Instances);
        Assert.Equal(exchanges, fleet.Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOnline) - exchangesBefore);
        var perInstance = results.Select((token, i) => (Instance: i % Instances, token.AccessToken)).GroupBy(r => r.Instance).ToArray();
        Assert.All(perInstance, group => Assert.Single(group.Select(r => r.AccessToken).Distinct()));
        var distinct = results.Select(t => t.AccessToken).Distinct().ToArray();
        Assert.InRange(distinct.Length, 1, exchanges);
        Assert.All(results, token => Assert.Equal(FleetRig.StaffId, token.User.Id));

        using var client = fleet.Emulator.CreateHttpClient();
        foreach (var token in distinct)
        {
            Assert.True(fleet.Emulator.Tokens.IsActive(token));
            Assert.Equal(200, await fleet.AdminApiStatusAsync(token, client));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{store}: {exchanges} online exchanges for {Callers} requests over {Instances} instances");
    }

    // Starts every call at once, so they overlap as much as the machine allows.
    private static async Task<T[]> CallAllAsync<T>(FleetRig fleet, int count, Func<int, Task<T>> call)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, count).Select(async i =>
        {
            await go.Task;
            return await call(i);
        }).ToArray();
        go.SetResult();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(calls);
        TestContext.Current.TestOutputHelper?.WriteLine($"{count} calls over {fleet.Instances.Count} instances in {clock.ElapsedMilliseconds} ms");
        return results;
    }
}
