using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.IntegrationTests.OAuth;

/// <summary>
/// The library as an app registers it (<c>AddShopifyDualAuth</c>, typed client, resilience pipeline)
/// pointed at a <see cref="ShopifyEmulator"/> with one installed shop: an account owner whose user ID
/// exceeds 2^31, and a staff member.
/// </summary>
internal sealed class EmulatorRig : IAsyncDisposable
{
    public const string ClientId = "integration-client-id";
    public const string ClientSecret = "integration-client-secret";
    public const long OwnerId = 40620294219;
    public const long StaffId = 902541635;

    public static readonly Uri Callback = new("https://app.example.com/auth/callback");

    private const string StateAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ServiceProvider _services;

    private EmulatorRig(EmulatorHost host, ShopifyEmulator emulator, EmulatedShop shop, ServiceProvider services, HttpClient browser)
    {
        Host = host;
        Emulator = emulator;
        Shop = shop;
        _services = services;
        Browser = browser;
        Client = services.GetRequiredService<ShopifyOAuthClient>();
    }

    public EmulatorHost Host { get; }

    public ShopifyEmulator Emulator { get; }

    public EmulatedShop Shop { get; }

    public ShopDomain Domain => Shop.Domain;

    public ShopifyOAuthClient Client { get; }

    public IServiceProvider Services => _services;

    /// <summary>Plays the merchant's browser: sends the authorize request and does not follow the redirect.</summary>
    public HttpClient Browser { get; }

    public static async Task<EmulatorRig> StartAsync(
        EmulatorHost host,
        Action<ShopifyAppOptions>? app = null,
        Action<ShopifyHttpRetryOptions>? retry = null,
        Action<EmulatedShop>? shop = null)
    {
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            AllowedRedirectUris = { Callback },
        });
        var emulated = emulator.AddShop("integration-shop", s =>
        {
            s.Installed = true;
            s.GrantedScopes = ScopeSet.Parse("write_orders,read_customers");
            s.AddUser(new EmulatedUser { Id = OwnerId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
            s.AddUser(new EmulatedUser { Id = StaffId, FirstName = "Sam", LastName = "Staff", Email = "sam@example.com", EmailVerified = false, Scopes = ScopeSet.Parse("read_orders") });
            shop?.Invoke(s);
        });

        var services = new ServiceCollection();
        services.AddShopifyDualAuth(options =>
            {
                options.ClientId = ClientId;
                options.ClientSecret = ClientSecret;
                options.Scopes = "write_orders,read_customers";
                app?.Invoke(options);
            })
            .UseEndpoints(emulator.Endpoints)
            .ConfigureHttpRetry(options =>
            {
                options.BaseDelay = TimeSpan.Zero;
                retry?.Invoke(options);
            });

        HttpClient browser;
        if (host == EmulatorHost.Kestrel)
        {
            await emulator.StartAsync(TestContext.Current.CancellationToken);
            browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        }
        else
        {
            // The library's own handler chain (retries, buffering) stays; only the socket is replaced.
            services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
            browser = emulator.CreateHttpClient();
        }

        return new EmulatorRig(host, emulator, emulated, services.BuildServiceProvider(validateScopes: true), browser);
    }

    public static string NewState() => RandomNumberGenerator.GetString(StateAlphabet, 32);

    /// <summary>Sends the browser to <paramref name="authorizeUrl"/> and returns the callback query Shopify redirects to.</summary>
    public async Task<Dictionary<string, string>> FollowAuthorizeAsync(Uri authorizeUrl)
        => ParseQuery(await FollowAuthorizeToCallbackAsync(authorizeUrl));

    /// <summary>Sends the browser to <paramref name="authorizeUrl"/> and returns the callback URL Shopify redirects to.</summary>
    public async Task<Uri> FollowAuthorizeToCallbackAsync(Uri authorizeUrl)
    {
        using var response = await Browser.GetAsync(authorizeUrl, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Callback.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        return location;
    }

    public static Dictionary<string, string> ParseQuery(Uri url)
        => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : string.Empty));

    /// <summary>Runs an authorization and returns its code, checking the state came back.</summary>
    public async Task<string> AuthorizeForCodeAsync(AccessMode mode)
    {
        var state = NewState();
        var callback = await FollowAuthorizeAsync(Client.BuildAuthorizeUrl(Domain, mode, Callback, state));
        Assert.Equal(state, callback["state"]);
        return callback["code"];
    }

    /// <summary>A session token minted by the emulator and validated by the library, as an embedded app load would bring it.</summary>
    public SessionToken SessionToken(long userId = OwnerId)
    {
        var result = _services.GetRequiredService<SessionTokenValidator>().Validate(Emulator.MintSessionToken(Domain, userId));
        Assert.True(result.IsValid, $"The emulator's session token failed validation: {result.Failure} ({result.Claim}).");
        return result.Token!;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
