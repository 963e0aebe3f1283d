using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Fleet.CrashWorker;
using Shopify.DualAuth.IntegrationTests.OAuth;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// The fleet under a token endpoint that fails 30% of attempts in every way seen in production: 5xx,
/// 520, resets, hangs, answers lost after Shopify rotated. Nobody gets an unusable token or an
/// untyped error, and the stored refresh chain survives.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FaultStormTests
{
    private const int Instances = 4;
    private const int Rounds = 6;
    private const int CallersPerRound = 200;
    private const double FaultRate = 0.3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FleetStore.Redis, EmulatorHost.InProcess, 1)]
    [InlineData(FleetStore.PostgreSql, EmulatorHost.Kestrel, 2)]
    public async Task Under_30_percent_faults_every_caller_gets_a_valid_token_or_a_typed_error_and_the_chain_survives(FleetStore store, EmulatorHost host, int seed)
    {
        // Real timers (attempt timeouts must fire), with "now" moved an hour per round.
        var time = new ShiftedTimeProvider();
        RandomFaults? faults = null;
        await using var fleet = await FleetRig.StartAsync(
            store,
            Instances,
            time,
            host,
            retry: options =>
            {
                options.MaxRetryAttempts = 2;
                options.AttemptTimeout = TimeSpan.FromMilliseconds(250);
                options.TotalTimeout = TimeSpan.FromSeconds(5);
            },
            configure: (services, _) => services.AddHttpClient(nameof(ShopifyOAuthClient)).AddHttpMessageHandler(() => faults!.CreateHandler()));
        faults = new RandomFaults(fleet.Emulator, fleet.Domain, FaultRate, seed);
        await fleet.Tokens(0).InstallAsync(fleet.SessionToken(), Ct);
        var users = new[] { FleetRig.OwnerId, FleetRig.StaffId };
        faults.Enabled = true;

        var tokens = 0;
        var typedErrors = new List<Exception>();
        for (var round = 0; round < Rounds; round++)
        {
            // Past every refresh point: the offline token is due in every round.
            time.Advance(TimeSpan.FromMinutes(56));
            var sessionTokens = users.Select((user, i) => fleet.SessionToken(user, i % Instances)).ToArray();
            var calls = Enumerable.Range(0, CallersPerRound).Select(async i =>
            {
                await Task.Yield();
                var tokens = fleet.Tokens(i % Instances);
                try
                {
                    return i % 10 == 9
                        ? (await tokens.GetOnlineTokenAsync(sessionTokens[i % users.Length], Ct)).AccessToken
                        : (await tokens.GetOfflineTokenAsync(fleet.Domain, Ct)).AccessToken;
                }
                catch (Exception error) when (error is ShopifyOAuthException { Kind: ShopifyOAuthErrorKind.Transient } or ShopReauthorizationRequiredException)
                {
                    lock (typedErrors)
                    {
                        typedErrors.Add(error);
                    }

                    return null;
                }
            }).ToArray();

            // Anything else (an untyped exception) fails the test right here.
            var results = await Task.WhenAll(calls);
            foreach (var token in results.OfType<string>().Distinct())
            {
                Assert.True(fleet.Emulator.Tokens.IsActive(token), $"Round {round}: a caller got a token Shopify does not accept.");
            }

            tokens += results.Count(r => r is not null);
        }

        faults.Enabled = false;
        fleet.Emulator.Faults.Clear();
        var injected = fleet.Emulator.Requests.Where(r => r.Fault is not null).GroupBy(r => r.Fault!.Value).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{tokens} tokens, {typedErrors.Count} typed errors ({string.Join(", ", typedErrors.GroupBy(e => e.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))}); "
            + $"{fleet.Emulator.Counters.EndpointCalls(EmulatorEndpoint.AccessToken)} token-endpoint attempts, faults: {string.Join(", ", injected.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(injected.Values.Sum() >= 10, "The storm injected too few faults to mean anything.");
        Assert.True(tokens >= Rounds * CallersPerRound * 9 / 10, $"Only {tokens} of {Rounds * CallersPerRound} callers got a token.");

        // The chain is whole: never refused, not marked, the stored refresh token is the one Shopify
        // holds, and one more refresh goes through.
        Assert.Equal(0, fleet.RejectedRefreshes());
        Assert.DoesNotContain(typedErrors, e => e is ShopReauthorizationRequiredException);
        var stored = await fleet.Store().GetOfflineTokenAsync(fleet.Domain, Ct);
        Assert.NotNull(stored);
        Assert.False(stored.RequiresReauthorization);
        Assert.True(fleet.Emulator.Tokens.IsRefreshTokenAlive(stored.RefreshToken!));
        var succeeded = fleet.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken);
        time.Advance(TimeSpan.FromMinutes(56));
        var next = await fleet.Tokens(1).GetOfflineTokenAsync(fleet.Domain, Ct);
        Assert.Equal(succeeded + 1, fleet.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
        Assert.True(fleet.Emulator.Tokens.IsActive(next.AccessToken));
        Assert.Equal(fleet.Emulator.Tokens.GetRefreshToken(fleet.Domain), next.RefreshToken);
    }
}
