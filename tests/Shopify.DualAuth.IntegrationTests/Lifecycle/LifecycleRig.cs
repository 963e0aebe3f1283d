using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>
/// An app as it registers the library (<c>AddShopifyDualAuth</c> + a store), in process against a
/// <see cref="ShopifyEmulator"/> that shares its <see cref="FakeTimeProvider"/>, so a test crosses
/// token expiries by moving the clock. Further app instances (<see cref="AddInstance"/>) share the
/// emulator, the clock and the store but not the lock, as servers of a fleet without a distributed lock.
/// </summary>
internal sealed class LifecycleRig : IAsyncDisposable
{
    public const string ClientId = "lifecycle-client-id";
    public const string ClientSecret = "lifecycle-client-secret";
    public const string RequiredScopes = "write_orders,read_customers";
    public const long OwnerId = 40620294219;
    public const long StaffId = 902541635;

    public static readonly DateTimeOffset Start = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<Instance> _instances = [];
    private readonly Action<ShopifyAppOptions>? _app;
    private readonly Action<ShopifyHttpRetryOptions>? _retry;

    private LifecycleRig(FakeTimeProvider time, ShopifyEmulator emulator, EmulatedShop shop, IShopifyTokenStore store, Action<ShopifyAppOptions>? app, Action<ShopifyHttpRetryOptions>? retry)
    {
        Time = time;
        Emulator = emulator;
        Shop = shop;
        Store = store;
        _app = app;
        _retry = retry;
    }

    public FakeTimeProvider Time { get; }

    public ShopifyEmulator Emulator { get; }

    public EmulatedShop Shop { get; }

    public ShopDomain Domain => Shop.Domain;

    public IShopifyTokenStore Store { get; }

    /// <summary>The first app instance.</summary>
    public Instance App => _instances[0];

    public IShopifyTokens Tokens => App.Tokens;

    public static LifecycleRig Create(
        Action<ShopifyAppOptions>? app = null,
        Action<ShopifyHttpRetryOptions>? retry = null,
        Func<TimeProvider, IShopifyTokenStore>? store = null)
    {
        var time = new FakeTimeProvider(Start);
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            TimeProvider = time,
            AllowedRedirectUris = { new Uri("https://app.example.com/auth/callback") },
        });
        var shop = emulator.AddShop("lifecycle-shop", s =>
        {
            s.Installed = true;
            s.GrantedScopes = ScopeSet.Parse(RequiredScopes);
            s.AddUser(new EmulatedUser { Id = OwnerId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
            s.AddUser(new EmulatedUser { Id = StaffId, FirstName = "Sam", LastName = "Staff", Email = "sam@example.com", Scopes = ScopeSet.Parse("read_orders") });
        });
        var rig = new LifecycleRig(time, emulator, shop, store?.Invoke(time) ?? new InMemoryTokenStore(time), app, retry);
        rig.AddInstance();
        return rig;
    }

    /// <summary>Another app server: same emulator, clock and store; its own lock, caches and single-flight maps.</summary>
    public Instance AddInstance()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Store);
        services.AddMetrics();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddShopifyDualAuth(options =>
            {
                options.ClientId = ClientId;
                options.ClientSecret = ClientSecret;
                options.Scopes = RequiredScopes;
                _app?.Invoke(options);
            })
            .UseEndpoints(Emulator.Endpoints)
            .ConfigureHttpRetry(options =>
            {
                options.BaseDelay = TimeSpan.Zero;
                _retry?.Invoke(options);
            });
        var gate = new GateHandler(Emulator.CreateHandler());
        services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(() => gate);
        var instance = new Instance(services.BuildServiceProvider(validateScopes: true), gate);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>A session token minted by the emulator and validated by the library, as an embedded app load brings it.</summary>
    public SessionToken SessionToken(long userId = OwnerId)
    {
        var result = App.Services.GetRequiredService<SessionTokenValidator>().Validate(Emulator.MintSessionToken(Domain, userId));
        Assert.True(result.IsValid, $"The emulator's session token failed validation: {result.Failure} ({result.Claim}).");
        return result.Token!;
    }

    /// <summary>Installs through token exchange and forgets the requests it took.</summary>
    public async Task<DualTokens> InstallAsync()
    {
        var tokens = await Tokens.InstallAsync(SessionToken(), TestContext.Current.CancellationToken);
        Emulator.ClearRequests();
        return tokens;
    }

    public async ValueTask DisposeAsync()
    {
        // A test that failed with a closed gate must not leave requests hanging.
        foreach (var instance in _instances)
        {
            instance.Gate.Open();
        }

        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        (Store as IDisposable)?.Dispose();
        await Emulator.DisposeAsync();
    }

    public sealed class Instance : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        public Instance(ServiceProvider services, GateHandler gate)
        {
            _services = services;
            Gate = gate;
            Tokens = services.GetRequiredService<IShopifyTokens>();
        }

        public IServiceProvider Services => _services;

        public IShopifyTokens Tokens { get; }

        public GateHandler Gate { get; }

        public FakeLogCollector Logs => _services.GetFakeLogCollector();

        public MetricCollector<long> Collect(string instrument)
            => new(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ShopifyTokens.TelemetryName, instrument);

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
