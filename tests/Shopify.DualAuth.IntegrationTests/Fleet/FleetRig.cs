using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Shopify.DualAuth.IntegrationTests.OAuth;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// One <see cref="ShopifyEmulator"/> and several independent app instances, each its own
/// <see cref="ServiceProvider"/> registered as an app would (<c>AddShopifyDualAuth</c> plus a shared
/// Redis or PostgreSQL store and lock), all on one clock that the emulator reads too.
/// </summary>
internal sealed class FleetRig : IAsyncDisposable
{
    public const string ClientId = "fleet-client-id";
    public const string ClientSecret = "fleet-client-secret";
    public const long OwnerId = 40620294219;
    public const long StaffId = 902541635;

    private readonly string _namespace;
    private readonly FleetStore _store;

    private FleetRig(FleetStore store, string ns, ShopifyEmulator emulator, EmulatedShop shop, TimeProvider time, List<ServiceProvider> instances)
    {
        _store = store;
        _namespace = ns;
        Emulator = emulator;
        Shop = shop;
        Time = time;
        Instances = instances;
    }

    public ShopifyEmulator Emulator { get; }

    public EmulatedShop Shop { get; }

    public ShopDomain Domain => Shop.Domain;

    public TimeProvider Time { get; }

    public IReadOnlyList<ServiceProvider> Instances { get; }

    public IShopifyTokens Tokens(int instance) => Instances[instance].GetRequiredService<IShopifyTokens>();

    public IShopifyTokenStore Store(int instance = 0) => Instances[instance].GetRequiredService<IShopifyTokenStore>();

    /// <summary>
    /// Starts the emulator and <paramref name="instances"/> app instances on <paramref name="time"/>.
    /// <paramref name="configure"/> runs on each instance's services after the library's, with its index.
    /// </summary>
    public static async Task<FleetRig> StartAsync(
        FleetStore store,
        int instances,
        TimeProvider time,
        EmulatorHost host = EmulatorHost.InProcess,
        Action<ShopifyHttpRetryOptions>? retry = null,
        Action<IServiceCollection, int>? configure = null)
    {
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = ClientId, ClientSecret = ClientSecret, TimeProvider = time });
        var shop = emulator.AddShop("fleet-" + Guid.NewGuid().ToString("N")[..12], s =>
        {
            s.Installed = true;
            s.GrantedScopes = ScopeSet.Parse("write_orders,read_customers");
            s.AddUser(new EmulatedUser { Id = OwnerId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
            s.AddUser(new EmulatedUser { Id = StaffId, FirstName = "Sam", LastName = "Staff", Email = "sam@example.com", Scopes = ScopeSet.Parse("read_orders") });
        });

        if (host == EmulatorHost.Kestrel)
        {
            await emulator.StartAsync(TestContext.Current.CancellationToken);
        }

        var ns = "fleet_" + Guid.NewGuid().ToString("N");
        var providers = new List<ServiceProvider>();
        for (var i = 0; i < instances; i++)
        {
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton(time);
            services.AddSingleton<ITokenProtector>(AesGcmTestProtector.Shared);
            var builder = services.AddShopifyDualAuth(options =>
                {
                    options.ClientId = ClientId;
                    options.ClientSecret = ClientSecret;
                    options.Scopes = "write_orders,read_customers";
                })
                .UseEndpoints(emulator.Endpoints)
                .ConfigureHttpRetry(options =>
                {
                    options.BaseDelay = TimeSpan.Zero;
                    retry?.Invoke(options);
                });
            if (store == FleetStore.Redis)
            {
                builder.AddRedisTokenStore(o =>
                    {
                        o.Configuration = TestServers.Redis;
                        o.KeyPrefix = ns;
                    })
                    .AddRedisShopLock(o => o.KeyPrefix = ns);
            }
            else
            {
                // Four pools on one server: keep each well under its connection limit.
                var connection = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { MaxPoolSize = 40 }.ConnectionString;
                builder.AddPostgreSqlTokenStore(o =>
                    {
                        o.ConnectionString = connection;
                        o.Schema = ns;
                    })
                    .AddPostgreSqlShopLock(o => o.KeyPrefix = ns);
            }

            if (host == EmulatorHost.InProcess)
            {
                services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
            }

            configure?.Invoke(services, i);
            var provider = services.BuildServiceProvider(validateScopes: true);
            providers.Add(provider);

            // Started as a host starts an app: options validated, services built and the store
            // reached before the first request. (The Redis store connects synchronously when it is
            // first resolved; resolved under a burst of requests, that blocks the thread pool.)
            provider.GetRequiredService<IStartupValidator>().Validate();
            provider.GetRequiredService<IShopifyTokens>();
            await provider.GetRequiredService<IShopifyTokenStore>().GetOfflineTokenAsync(shop.Domain, TestContext.Current.CancellationToken);
        }

        return new FleetRig(store, ns, emulator, shop, time, providers);
    }

    /// <summary>A session token the emulator minted and instance <paramref name="instance"/> validated, as an embedded app load brings it.</summary>
    public SessionToken SessionToken(long userId = OwnerId, int instance = 0)
    {
        var result = Instances[instance].GetRequiredService<SessionTokenValidator>().Validate(Emulator.MintSessionToken(Domain, userId));
        Assert.True(result.IsValid, $"The emulator's session token failed validation: {result.Failure} ({result.Claim}).");
        return result.Token!;
    }

    /// <summary>Refresh requests Shopify refused: each would mean a lost refresh token.</summary>
    public int RejectedRefreshes() => Emulator.Requests.Count(r => r.Grant == EmulatorGrant.RefreshToken && r.StatusCode is 400 or 401);

    /// <summary>Calls the emulator's Admin API with <paramref name="accessToken"/> and returns the status.</summary>
    public async Task<int> AdminApiStatusAsync(string accessToken, HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.Endpoints.GetShopBaseAddress(Domain), "admin/api/2026-07/graphql.json"))
        {
            Content = new StringContent("""{"query":"{ shop { name } }"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Shopify-Access-Token", accessToken);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in Instances)
        {
            await provider.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        if (_store == FleetStore.PostgreSql)
        {
            await using var source = NpgsqlDataSource.Create(TestServers.Postgres);
            await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{_namespace}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var db = redis.GetDatabase();
            await foreach (var key in server.KeysAsync(pattern: "{" + _namespace + "}:*"))
            {
                await db.KeyDeleteAsync(key);
            }
        }
    }
}
