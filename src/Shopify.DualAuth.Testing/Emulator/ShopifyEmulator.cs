using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Shopify.DualAuth.Testing.Emulator.Faults;
using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.Recording;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>
/// A fake Shopify that speaks the real HTTP protocol: the authorize redirect, every grant of
/// <c>access_token</c> with Shopify's rotation rules, and a minimal Admin API, served per shop under
/// <c>{root}/shops/{shop}/</c> by loopback Kestrel (<see cref="StartAsync"/>) or in process
/// (<see cref="CreateHandler"/>), one pipeline behind both. It also plays Shopify's other side:
/// mints session tokens, signs admin and app-proxy query strings and delivers signed webhooks.
/// </summary>
/// <remarks>
/// Shops and staff are declared with <see cref="AddShop"/>. Time comes from
/// <see cref="ShopifyEmulatorOptions.TimeProvider"/>; failures from <see cref="Faults"/>; every
/// request is recorded in <see cref="Requests"/>. Thread-safe. The signatures it produces come from
/// its own implementation of Shopify's algorithms, so it can judge the library's verifiers.
/// </remarks>
/// <example>
/// <code>
/// await using var shopify = new ShopifyEmulator(new ShopifyEmulatorOptions
/// {
///     ClientId = "client-id",
///     ClientSecret = "client-secret",
///     TimeProvider = fakeTime,
///     AllowedRedirectUris = { new Uri("https://app.example/auth/callback") },
/// });
/// var shop = shopify.AddShop("example", s =>
/// {
///     s.Installed = true;
///     s.GrantedScopes = ScopeSet.Parse("write_products");
///     s.AddUser(new EmulatedUser { Id = 40620294219, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
/// });
/// await shopify.StartAsync();                          // or shopify.CreateHandler() in process
/// services.AddSingleton(shopify.Endpoints);           // the app under test now talks to the emulator
/// var idToken = shopify.MintSessionToken(shop.Domain, 40620294219);
/// shopify.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.RefreshToken);
/// </code>
/// </example>
public sealed partial class ShopifyEmulator : IAsyncDisposable
{
    private readonly ShopifyEmulatorOptions _options;
    private readonly EmulatorState _state;
    private readonly RequestLog _log = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly EmulatorPipeline _pipeline;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly Lock _hostGate = new();
    private IHost? _kestrel;
    private Uri? _kestrelRoot;
    private IHost? _inProcessHost;
    private TestServer? _testServer;
    private HttpClient? _webhookClient;
    private bool _disposed;

    /// <summary>Creates an emulator with no shops; nothing listens until <see cref="StartAsync"/> or <see cref="CreateHandler"/>.</summary>
    /// <param name="options">The app as Shopify knows it, and the emulator's clock.</param>
    public ShopifyEmulator(ShopifyEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId);
        ArgumentException.ThrowIfNullOrEmpty(options.ClientSecret);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        _options = options;
        _state = new EmulatorState(options);
        Faults = new EmulatorFaults();
        Counters = new EmulatorCounters(_log);
        Tokens = new EmulatedTokens(_state);
        _pipeline = new EmulatorPipeline(_state, Faults, _log, _stopping.Token);
        Endpoints = new EmulatorShopEndpoints(() => BaseAddress);
    }

    /// <summary>The app's client id.</summary>
    public string ClientId => _state.ClientId;

    /// <summary>Failures to inject into the next matching requests.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Counts of calls per grant, endpoint and shop, over <see cref="Requests"/>.</summary>
    public EmulatorCounters Counters { get; }

    /// <summary>What the emulator knows about the tokens it issued.</summary>
    public EmulatedTokens Tokens { get; }

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _log.Snapshot();

    /// <summary>The declared shops.</summary>
    public IReadOnlyList<EmulatedShop> Shops
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.Shops.Values];
            }
        }
    }

    /// <summary>Declares a shop.</summary>
    /// <param name="handle">The shop handle (<c>example</c>) or domain (<c>example.myshopify.com</c>).</param>
    /// <param name="configure">Adds users and sets the starting state. A shop left without users gets an account owner.</param>
    /// <returns>The shop.</returns>
    /// <exception cref="ArgumentException">The handle is not a shop handle, or the shop was already declared.</exception>
    public EmulatedShop AddShop(string handle, Action<EmulatedShop>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(handle);
        var text = handle.Contains('.', StringComparison.Ordinal) ? handle : handle + ShopDomain.DomainSuffix;
        if (!ShopDomain.TryParse(text, out var domain))
        {
            throw new ArgumentException("Not a shop handle: use letters, digits and '-', for example 'example' or 'example.myshopify.com'.", nameof(handle));
        }

        var shop = new EmulatedShop(_state, domain);
        configure?.Invoke(shop);
        shop.EnsureUser();
        lock (_state.Gate)
        {
            if (!_state.Shops.TryAdd(domain, shop))
            {
                throw new ArgumentException($"The shop {domain} is already declared.", nameof(handle));
            }
        }

        return shop;
    }

    /// <summary>The declared shop <paramref name="shop"/>.</summary>
    /// <param name="shop">The shop's domain.</param>
    /// <returns>The shop.</returns>
    /// <exception cref="ArgumentException">No such shop was declared.</exception>
    public EmulatedShop GetShop(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        lock (_state.Gate)
        {
            return _state.FindShop(shop) ?? throw new ArgumentException($"The emulator has no shop {shop}.", nameof(shop));
        }
    }

    /// <summary>Makes <paramref name="userId"/> the staff user the shop's next authorize requests act for.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">One of its users.</param>
    public void SignIn(ShopDomain shop, long userId) => GetShop(shop).SignIn(userId);

    /// <summary>
    /// Uninstalls the app: every token of the shop stops working (refreshes answer 401, the Admin API
    /// 401), pending codes are dropped, and the next authorize installs again.
    /// </summary>
    /// <param name="shop">The shop.</param>
    public void UninstallApp(ShopDomain shop)
    {
        var emulated = GetShop(shop);
        lock (_state.Gate)
        {
            _state.Issuer.RevokeAll(emulated);
            emulated.InstalledUnlocked = false;
        }
    }

    /// <summary>Empties <see cref="Requests"/> (and so <see cref="Counters"/>), for example after a test's set-up.</summary>
    public void ClearRequests() => _log.Clear();

    /// <summary>Stops both hosts, releasing requests held by a timeout fault.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_hostGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopAsync(_kestrel).ConfigureAwait(false);
        await StopAsync(_inProcessHost).ConfigureAwait(false);
        _testServer?.Dispose();
        _webhookClient?.Dispose();
        _stopping.Dispose();
        _startGate.Dispose();
    }

    private static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        await host.StopAsync().ConfigureAwait(false);
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }
}
