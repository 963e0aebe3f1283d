using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Fleet.CrashWorker;
using Shopify.DualAuth.IntegrationTests.OAuth;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// The fleet under a token endpoint that fails 30% of attempts in every way seen in production: 5xx,
/// 520, resets, hangs, answers lost after Shopify rotated. Nobody gets an unusable token or an
/// untyped error, and the stored refresh chain survives.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class FaultStormTests
{
    private const int Instances = 4;
    private const int Rounds = 6;
    private const int Users = 12;
    private const int CallersPerRound = 240;
    private const double FaultRate = 0.3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FleetStore.Redis, EmulatorHost.InProcess, 1)]
    [InlineData(FleetStore.PostgreSql, EmulatorHost.Kestrel, 2)]
    public async Task Under_30_percent_faults_every_caller_gets_a_valid_token_or_a_typed_error_and_the_chain_survives(FleetStore store, EmulatorHost host, int seed)
    {
        // Real timers (attempt timeouts must fire), with "now" moved a day per round.
        var time = new ShiftedTimeProvider();
        var faults = new RandomFaults(FaultRate, seed);
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
            configure: (services, _) => services.AddHttpClient(nameof(ShopifyOAuthClient)).AddHttpMessageHandler(faults.CreateHandler));
        faults.Target(fleet.Emulator, fleet.Domain);
        var users = Enumerable.Range(1, Users).Select(i => (long)i).ToArray();
        foreach (var user in users)
        {
            fleet.Shop.AddUser(new EmulatedUser { Id = user, FirstName = "Staff", LastName = user.ToString(System.Globalization.CultureInfo.InvariantCulture), Email = $"staff{user}@example.com" });
        }

        await fleet.Tokens(0).InstallAsync(fleet.SessionToken(), Ct);
        faults.Enabled = true;

        var tokens = 0;
        var typedErrors = new List<Exception>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            // A day later: the offline token is past its refresh point (and its expiry), and every
            // user's online token has expired, so each round renews everything under fire.
            time.Advance(TimeSpan.FromHours(25));
            var sessionTokens = users.Select(user => Enumerable.Range(0, Instances).Select(i => fleet.SessionToken(user, i)).ToArray()).ToArray();
            var calls = Enumerable.Range(0, CallersPerRound).Select(async i =>
            {
                await Task.Yield();
                var instance = i % Instances;
                var tokens = fleet.Tokens(instance);
                try
                {
                    return i % 3 == 0
                        ? (await tokens.GetOfflineTokenAsync(fleet.Domain, Ct)).AccessToken
                        : (await tokens.GetOnlineTokenAsync(sessionTokens[i / 3 % Users][instance], Ct)).AccessToken;
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
            TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: {results.Count(r => r is not null)} tokens at {clock.ElapsedMilliseconds} ms");
        }

        faults.Enabled = false;
        fleet.Emulator.Faults.Clear();
        var injected = fleet.Emulator.Requests.Where(r => r.Fault is not null).GroupBy(r => r.Fault!.Value).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{tokens} tokens, {typedErrors.Count} typed errors ({string.Join(", ", typedErrors.GroupBy(e => e.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))}); "
            + $"{fleet.Emulator.Counters.EndpointCalls(EmulatorEndpoint.AccessToken)} token-endpoint attempts, faults: {string.Join(", ", injected.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(injected.Values.Sum() >= 30, "The storm injected too few faults to mean anything.");
        Assert.True(tokens >= Rounds * CallersPerRound * 3 / 4, $"Only {tokens} of {Rounds * CallersPerRound} callers got a token.");

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
