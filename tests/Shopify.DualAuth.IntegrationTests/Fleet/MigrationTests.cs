using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Shopify.DualAuth.Maintenance;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// <see cref="OfflineTokenMigrator"/> against the emulator: fifty shops holding legacy non-expiring
/// tokens become expiring, once each, resumably, with bounded concurrency.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class MigrationTests
{
    private const int Shops = 50;
    private const int Concurrency = 4;
    private const string ClientId = "migration-client-id";
    private const string ClientSecret = "migration-client-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => ["memory", "redis", "postgresql"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Fifty_legacy_shops_all_become_expiring_with_one_migration_each_and_a_second_run_does_nothing(string store)
    {
        await using var rig = await MigrationRig.StartAsync(store);
        var reports = new List<MigrationProgress>();

        var result = await rig.Migrator.MigrateAllAsync(new SyncProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        }), Ct);

        Assert.Equal(new[] { Shops, Shops, 0, 0 }, new[] { result.Seen, result.Migrated, result.Skipped, result.Failed });
        Assert.Empty(result.Failures);
        Assert.Equal(Shops, reports.Count);
        Assert.Equal(Enumerable.Range(1, Shops), reports.Select(r => r.Done).Order());
        Assert.Equal(Shops, rig.Emulator.Counters.Succeeded(EmulatorGrant.Migration));
        Assert.Equal(Shops, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
        await rig.AssertAllMigratedAsync();
        Assert.InRange(rig.MaxInFlight, 2, Concurrency);

        var again = await rig.Migrator.MigrateAllAsync(null, Ct);

        Assert.Equal(new[] { 0, 0, 0, 0 }, new[] { again.Seen, again.Migrated, again.Skipped, again.Failed });
        Assert.Equal(Shops, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
    }

    [Fact]
    public async Task A_run_cancelled_midway_then_resumed_migrates_the_rest_once_each()
    {
        await using var rig = await MigrationRig.StartAsync("memory");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Migrator.MigrateAllAsync(new SyncProgress(p =>
        {
            if (p.Done == 20)
            {
                stop.Cancel();
            }
        }), stop.Token));
        var first = await rig.CountExpiringAsync();
        Assert.InRange(first, 20, Shops - 1);

        var resumed = await rig.Migrator.MigrateAllAsync(null, Ct);

        // Migrations already sent when the first run stopped were still stored (counted as skipped
        // if they landed before the second run reached them); none was sent twice.
        Assert.Equal(0, resumed.Failed);
        Assert.Equal(resumed.Seen, resumed.Migrated + resumed.Skipped);
        Assert.InRange(resumed.Seen, 1, Shops - 20);
        await rig.AssertAllMigratedAsync();
        Assert.Equal(Shops, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
        Assert.Equal(Shops, rig.Emulator.Counters.Succeeded(EmulatorGrant.Migration));
    }

    [Fact]
    public async Task A_lost_migration_answer_is_recovered_with_the_same_legacy_token()
    {
        await using var rig = await MigrationRig.StartAsync("memory");
        var victim = rig.Domains[17];
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.Migration, victim);

        var result = await rig.Migrator.MigrateAllAsync(null, Ct);

        Assert.Equal(Shops, result.Migrated);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.Migration, victim));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.Migration, victim));
        var stored = await rig.Store.GetOfflineTokenAsync(victim, Ct);
        Assert.Equal(rig.Emulator.Tokens.GetRefreshToken(victim), stored!.RefreshToken);
        await rig.AssertAllMigratedAsync();
    }

    [Fact]
    public async Task A_shop_Shopify_refuses_is_reported_with_its_reason_and_not_called_again()
    {
        await using var rig = await MigrationRig.StartAsync("memory");
        var revoked = rig.Domains[3];
        Assert.True(rig.Emulator.Tokens.Revoke((await rig.Store.GetOfflineTokenAsync(revoked, Ct))!.AccessToken));

        var result = await rig.Migrator.MigrateAllAsync(null, Ct);

        Assert.Equal(new[] { Shops, Shops - 1, 0, 1 }, new[] { result.Seen, result.Migrated, result.Skipped, result.Failed });
        var failure = Assert.Single(result.Failures);
        Assert.Equal(revoked, failure.Shop);
        Assert.IsType<ShopReauthorizationRequiredException>(failure.Error);
        Assert.Equal(failure.Error.Message, failure.Reason);
        Assert.DoesNotContain("shpat_", failure.Reason, StringComparison.Ordinal);
        Assert.True((await rig.Store.GetOfflineTokenAsync(revoked, Ct))!.RequiresReauthorization);

        // The mark is stored: a second run reports the shop again without asking Shopify.
        var calls = rig.Emulator.Counters.Calls(EmulatorGrant.Migration);
        var again = await rig.Migrator.MigrateAllAsync(null, Ct);
        Assert.Equal(new[] { 1, 0, 0, 1 }, new[] { again.Seen, again.Migrated, again.Skipped, again.Failed });
        Assert.Equal(calls, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
    }

    [Fact]
    public async Task Migration_needs_expiring_offline_tokens_on()
    {
        await using var rig = await MigrationRig.StartAsync("memory", expiring: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Migrator.MigrateAllAsync(null, Ct));

        Assert.Contains("ExpiringOfflineTokens", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
    }

    /// <summary>Reports on the calling thread, so a test can act at an exact count.</summary>
    private sealed class SyncProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => report(value);
    }

    private sealed class MigrationRig : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly Func<ValueTask> _cleanup;
        private int _inFlight;
        private int _maxInFlight;

        private MigrationRig(ShopifyEmulator emulator, ServiceProvider services, List<ShopDomain> domains, Func<ValueTask> cleanup)
        {
            Emulator = emulator;
            _services = services;
            Domains = domains;
            _cleanup = cleanup;
        }

        public ShopifyEmulator Emulator { get; }

        public List<ShopDomain> Domains { get; }

        public OfflineTokenMigrator Migrator => _services.GetRequiredService<OfflineTokenMigrator>();

        public IShopifyTokenStore Store => _services.GetRequiredService<IShopifyTokenStore>();

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public OfflineToken Bystander { get; } = new(
            ShopDomain.Parse($"bystander-{Guid.NewGuid():N}.myshopify.com"),
            "shpat_bystander_" + Guid.NewGuid().ToString("N"),
            ScopeSet.Parse("write_orders"),
            new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero),
            "shprt_bystander_" + Guid.NewGuid().ToString("N"),
            new DateTimeOffset(2026, 12, 30, 8, 0, 0, TimeSpan.Zero));

        public static async Task<MigrationRig> StartAsync(string store, bool expiring = true)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero));
            var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = ClientId, ClientSecret = ClientSecret, TimeProvider = time });
            var run = Guid.NewGuid().ToString("N")[..10];
            var domains = Enumerable.Range(0, Shops).Select(i => emulator.AddShop($"legacy-{run}-{i:D2}", s => s.Installed = true).Domain).ToList();

            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<ITokenProtector>(AesGcmTestProtector.Shared);
            var builder = services.AddShopifyDualAuth(options =>
                {
                    options.ClientId = ClientId;
                    options.ClientSecret = ClientSecret;
                    options.Scopes = "write_orders";
                    options.ExpiringOfflineTokens = expiring;
                })
                .UseEndpoints(emulator.Endpoints)
                .ConfigureHttpRetry(options => options.BaseDelay = TimeSpan.Zero)

                // A small page, so a run crosses several.
                .AddOfflineTokenMigrator(options =>
                {
                    options.MaxConcurrency = Concurrency;
                    options.PageSize = 7;
                });
            var ns = "migration_" + run;
            Func<ValueTask> cleanup = () => ValueTask.CompletedTask;
            switch (store)
            {
                case "memory":
                    builder.AddInMemoryTokenStore();
                    break;
                case "redis":
                    builder.AddRedisTokenStore(o =>
                    {
                        o.Configuration = TestServers.Redis;
                        o.KeyPrefix = ns;
                    });
                    break;
                default:
                    builder.AddPostgreSqlTokenStore(o =>
                    {
                        o.ConnectionString = TestServers.Postgres;
                        o.Schema = ns;
                    });
                    cleanup = async () =>
                    {
                        await using var source = NpgsqlDataSource.Create(TestServers.Postgres);
                        await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{ns}\" CASCADE");
                        await drop.ExecuteNonQueryAsync();
                    };
                    break;
            }

            MigrationRig? rig = null;
            services.AddHttpClient(nameof(ShopifyOAuthClient))
                .ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler)
                .AddHttpMessageHandler(() => new CountingHandler(() => rig!));
            rig = new MigrationRig(emulator, services.BuildServiceProvider(validateScopes: true), domains, cleanup);

            foreach (var domain in domains)
            {
                await rig.Store.SaveOfflineTokenAsync(new OfflineToken(domain, emulator.Tokens.IssueNonExpiringOfflineToken(domain), ScopeSet.Parse("write_orders")), Ct);
            }

            // A shop already on an expiring token, which a migration must never touch.
            await rig.Store.SaveOfflineTokenAsync(rig.Bystander, Ct);
            return rig;
        }

        public async Task<int> CountExpiringAsync()
        {
            var count = 0;
            foreach (var domain in Domains)
            {
                count += (await Store.GetOfflineTokenAsync(domain, Ct))!.IsExpiring ? 1 : 0;
            }

            return count;
        }

        /// <summary>Every shop holds an expiring token Shopify accepts, whose refresh token is the one Shopify holds.</summary>
        public async Task AssertAllMigratedAsync()
        {
            foreach (var domain in Domains)
            {
                var stored = await Store.GetOfflineTokenAsync(domain, Ct);
                Assert.NotNull(stored);
                Assert.True(stored.IsExpiring, $"{domain} still holds a legacy token.");
                Assert.True(Emulator.Tokens.IsActive(stored.AccessToken));
                Assert.Equal(Emulator.Tokens.GetRefreshToken(domain), stored.RefreshToken);
            }

            Assert.Empty(await Store.ListLegacyOfflineTokensAsync(null, DueOfflineTokensQuery.MaxPageSize, Ct));
            Assert.Equal(Bystander, await Store.GetOfflineTokenAsync(Bystander.Shop, Ct));
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Emulator.DisposeAsync();
            await _cleanup();
        }

        private sealed class CountingHandler(Func<MigrationRig> rig) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var owner = rig();
                var now = Interlocked.Increment(ref owner._inFlight);
                int max;
                while (now > (max = Volatile.Read(ref owner._maxInFlight)) && Interlocked.CompareExchange(ref owner._maxInFlight, now, max) != max)
                {
                }

                try
                {
                    return await base.SendAsync(request, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref owner._inFlight);
                }
            }
        }
    }
}
