using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Maintenance;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// <see cref="OfflineTokenRefreshService"/> on a fake clock: idle shops' refresh chains are kept
/// alive, busy shops' access tokens are renewed ahead of time, idle shops' access tokens are left to
/// expire, and nothing a sweep meets takes the service down.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class BackgroundRefreshTests
{
    private const string ClientId = "refresh-client-id";
    private const string ClientSecret = "refresh-client-secret";
    private const long UserId = 4242;
    private const string SweepFinished = "RefreshSweepFinished";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chain_near_its_90_day_end_and_an_active_shop_are_refreshed_an_idle_shops_access_token_is_not()
    {
        await using var rig = await RefreshRig.StartAsync("old", "busy", "dormant");
        var old = await rig.InstallAsync("old");
        rig.Time.Advance(TimeSpan.FromDays(61));
        var busy = await rig.InstallAsync("busy");
        var dormant = await rig.InstallAsync("dormant");

        // The first sweep runs at start: the old shop's refresh token has 29 days left, inside the
        // 30-day margin, so it is refreshed though nobody asked for it; the others are fresh.
        await rig.StartAsync();
        await rig.WaitForSweepsAsync(1);
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, old.Shop));
        var renewed = await rig.Store.GetOfflineTokenAsync(old.Shop, Ct);
        Assert.NotEqual(old.RefreshToken, renewed!.RefreshToken);
        Assert.Equal(rig.Time.GetUtcNow().AddDays(90), renewed.RefreshTokenExpiresAt);
        Assert.Equal(rig.Emulator.Tokens.GetRefreshToken(old.Shop), renewed.RefreshToken);

        // App code asks for the busy shop's token once (it is fresh: no refresh), the dormant shop's never.
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.WaitForSweepsAsync(2);
        Assert.Equal(busy, await rig.Tokens.GetOfflineTokenAsync(busy.Shop, Ct));
        Assert.Equal(0, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken, busy.Shop));

        // Two minutes before both access tokens expire, inside RefreshBeforeExpiry: the sweep
        // renews the busy shop's ahead of its next request and leaves the dormant shop's alone.
        rig.Time.SetUtcNow(busy.ExpiresAt!.Value - TimeSpan.FromMinutes(2));
        await rig.WaitForSweepsAsync(3);
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, busy.Shop));
        Assert.Equal(0, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken, dormant.Shop));
        Assert.Equal(dormant, await rig.Store.GetOfflineTokenAsync(dormant.Shop, Ct));
        var busyNow = await rig.Store.GetOfflineTokenAsync(busy.Shop, Ct);
        Assert.True(busyNow!.IsValidFor(rig.Time.GetUtcNow(), TimeSpan.FromMinutes(55)));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken, old.Shop));
        Assert.Equal(0, rig.RejectedRefreshes());

        await rig.StopAsync();
    }

    [Fact]
    public async Task Failures_are_logged_not_thrown_and_the_next_sweep_tries_again()
    {
        await using var rig = await RefreshRig.StartAsync("broken", "flaky", "fine");
        var broken = await rig.InstallAsync("broken");
        var flaky = await rig.InstallAsync("flaky");
        var fine = await rig.InstallAsync("fine");

        // A refresh token Shopify does not know (a chain broken elsewhere), and an endpoint that
        // answers 503 to every attempt of one sweep.
        await rig.Store.SaveOfflineTokenAsync(broken with { RefreshToken = "shprt_" + Guid.NewGuid().ToString("N") }, Ct);
        rig.Time.Advance(TimeSpan.FromDays(61));
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 100, EmulatorFault.ServiceUnavailable, EmulatorGrant.RefreshToken, flaky.Shop);

        await rig.StartAsync();
        await rig.WaitForSweepsAsync(1);

        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, fine.Shop));
        Assert.Contains(rig.Logs.Entries, e => e.EventName == "BackgroundRefreshNeedsReauthorization" && e.Level == LogLevel.Warning && e.Message.Contains(broken.Shop.Value, StringComparison.Ordinal));
        var failed = Assert.Single(rig.Logs.Entries, e => e.EventName == "BackgroundRefreshFailed");
        Assert.Contains(flaky.Shop.Value, failed.Message, StringComparison.Ordinal);
        Assert.Equal(ShopifyOAuthErrorKind.Transient, Assert.IsType<ShopifyOAuthException>(failed.Exception).Kind);
        Assert.False(rig.Service.ExecuteTask!.IsCompleted);
        Assert.DoesNotContain(rig.Logs.Entries, e => e.Message.Contains("shprt_", StringComparison.Ordinal) || e.Message.Contains("shpat_", StringComparison.Ordinal));

        // Shopify is back: the next sweep renews the flaky shop; the broken one is marked, so it
        // is no longer due and Shopify is not asked about it again.
        rig.Emulator.Faults.Clear();
        var brokenCalls = rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken, broken.Shop);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.WaitForSweepsAsync(2);
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, flaky.Shop));
        Assert.Equal(brokenCalls, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken, broken.Shop));
        Assert.True((await rig.Store.GetOfflineTokenAsync(broken.Shop, Ct))!.RequiresReauthorization);

        await rig.StopAsync();
        Assert.True(rig.Service.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stopping_the_host_ends_a_sweep_stuck_on_Shopify_at_once()
    {
        await using var rig = await RefreshRig.StartAsync("stuck");
        var stuck = await rig.InstallAsync("stuck");
        rig.Time.Advance(TimeSpan.FromDays(61));

        // The refresh hangs, and on the fake clock no attempt timeout ever fires.
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.Timeout, EmulatorGrant.RefreshToken, stuck.Shop);
        await rig.StartAsync();
        await RefreshRig.WaitUntilAsync(() => rig.Emulator.Requests.Any(r => r.Fault == EmulatorFaultKind.Timeout), "the hung refresh");

        var clock = Stopwatch.StartNew();
        await rig.StopAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Stopping took {clock.Elapsed}.");
        Assert.True(rig.Service.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, rig.Logs.Count(SweepFinished));
        Assert.DoesNotContain(rig.Logs.Entries, e => e.Level >= LogLevel.Error);

        // The refresh already sent was not abandoned with the host: once the attempt times out it
        // is retried with the same refresh token, and the result is stored.
        rig.Time.Advance(TimeSpan.FromSeconds(11));
        await RefreshRig.WaitUntilAsync(() => rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken, stuck.Shop) == 1, "the retried refresh");
        await RefreshRig.WaitUntilAsync(
            async () => (await rig.Store.GetOfflineTokenAsync(stuck.Shop, Ct))!.RefreshToken == rig.Emulator.Tokens.GetRefreshToken(stuck.Shop),
            "the stored refresh");
    }

    [Fact]
    public async Task Registration_is_opt_in_once_and_validated_at_start()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(o =>
            {
                o.ClientId = ClientId;
                o.ClientSecret = ClientSecret;
            })
            .AddInMemoryTokenStore()
            .AddBackgroundRefresh()
            .AddBackgroundRefresh(o =>
            {
                o.Interval = TimeSpan.Zero;
                o.RefreshTokenMargin = TimeSpan.FromDays(90);
                o.MaxConcurrency = 0;
            });
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<OfflineTokenRefreshService>());
        Assert.IsNotType<ShopifyTokens>(provider.GetRequiredService<IShopifyTokens>());
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Interval", error.Message, StringComparison.Ordinal);
        Assert.Contains("RefreshTokenMargin", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrency", error.Message, StringComparison.Ordinal);

        var without = new ServiceCollection();
        without.AddShopifyDualAuth(o => o.ClientId = ClientId).AddInMemoryTokenStore();
        await using var plain = without.BuildServiceProvider();
        Assert.Empty(plain.GetServices<IHostedService>());
    }

    private sealed class RefreshRig : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private RefreshRig(ShopifyEmulator emulator, FakeTimeProvider time, CapturedLogs logs, ServiceProvider services, Dictionary<string, ShopDomain> shops)
        {
            Emulator = emulator;
            Time = time;
            Logs = logs;
            _services = services;
            Shops = shops;
        }

        public ShopifyEmulator Emulator { get; }

        public FakeTimeProvider Time { get; }

        public CapturedLogs Logs { get; }

        public Dictionary<string, ShopDomain> Shops { get; }

        public IShopifyTokens Tokens => _services.GetRequiredService<IShopifyTokens>();

        public IShopifyTokenStore Store => _services.GetRequiredService<IShopifyTokenStore>();

        public OfflineTokenRefreshService Service => _services.GetServices<IHostedService>().OfType<OfflineTokenRefreshService>().Single();

        public static Task<RefreshRig> StartAsync(params string[] handles)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 6, 0, 0, TimeSpan.Zero));
            var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = ClientId, ClientSecret = ClientSecret, TimeProvider = time });
            var run = Guid.NewGuid().ToString("N")[..10];
            var shops = handles.ToDictionary(h => h, h => emulator.AddShop($"{h}-{run}", s =>
            {
                s.Installed = true;
                s.AddUser(new EmulatedUser { Id = UserId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
            }).Domain);

            var logs = new CapturedLogs();
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
            services.AddSingleton<TimeProvider>(time);
            services.AddShopifyDualAuth(options =>
                {
                    options.ClientId = ClientId;
                    options.ClientSecret = ClientSecret;
                    options.Scopes = "write_orders";
                })
                .UseEndpoints(emulator.Endpoints)
                .ConfigureHttpRetry(options =>
                {
                    options.BaseDelay = TimeSpan.Zero;
                    options.MaxRetryAttempts = 0;
                })
                .AddInMemoryTokenStore()
                .AddBackgroundRefresh(options =>
                {
                    options.Interval = TimeSpan.FromMinutes(1);
                    options.RefreshTokenMargin = TimeSpan.FromDays(30);
                    options.ActivityWindow = TimeSpan.FromHours(1);
                });
            services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
            return Task.FromResult(new RefreshRig(emulator, time, logs, services.BuildServiceProvider(validateScopes: true), shops));
        }

        public static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

        public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
        {
            var deadline = Stopwatch.StartNew();
            while (!await condition())
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"Timed out waiting for {what}.");
                await Task.Delay(5, Ct);
            }
        }

        /// <summary>Installs the app on a shop (token exchange, as an embedded app's first load does) and returns its offline token.</summary>
        public async Task<OfflineToken> InstallAsync(string handle)
        {
            var session = _services.GetRequiredService<SessionTokenValidator>().Validate(Emulator.MintSessionToken(Shops[handle], UserId));
            return (await _services.GetRequiredService<IShopifyTokens>().InstallAsync(session.Token!, Ct)).Offline;
        }

        public Task StartAsync() => Service.StartAsync(Ct);

        public Task StopAsync() => Service.StopAsync(Ct);

        public Task WaitForSweepsAsync(int count) => WaitUntilAsync(() => Logs.Count(SweepFinished) >= count, $"sweep {count}");

        public int RejectedRefreshes() => Emulator.Requests.Count(r => r.Grant == EmulatorGrant.RefreshToken && r.StatusCode is 400 or 401);

        // The emulator first: it ends any request still hanging in it, which the HTTP client's
        // resilience pipeline would otherwise wait for when disposed.
        public async ValueTask DisposeAsync()
        {
            await Emulator.DisposeAsync();
            await _services.DisposeAsync();
        }
    }
}
