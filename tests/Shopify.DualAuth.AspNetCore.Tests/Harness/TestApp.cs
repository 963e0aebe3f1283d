using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.AspNetCore.Tests.Harness;

/// <summary>
/// An app built the way a developer would build it (<c>AddShopifyDualAuth</c>, <c>AddAspNetCore</c>,
/// <c>MapShopifyDualAuth</c>, <c>MapShopifyWebhooks</c>), talking to a <see cref="ShopifyEmulator"/> as
/// Shopify, with a browser that keeps cookies and does not follow redirects. In process, the browser
/// reaches the app through TestServer at <c>https://app.test/</c>; on Kestrel, over TLS on 127.0.0.1.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const string ClientId = "aspnet-client-id";
    public const string ClientSecret = "aspnet-client-secret";
    public const string RequiredScopes = "write_orders,read_customers";
    public const long OwnerId = 40620294219;
    public const long StaffId = 902541635;
    private const string InProcessHost = "app.test";

    private TestApp(AppHost host, WebApplication app, ShopifyEmulator emulator, EmulatedShop shop, Uri baseAddress, HttpClient browser, CookieContainer cookies)
    {
        Host = host;
        App = app;
        Emulator = emulator;
        Shop = shop;
        BaseAddress = baseAddress;
        Browser = browser;
        Cookies = cookies;
    }

    public AppHost Host { get; }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public ShopifyEmulator Emulator { get; }

    public EmulatedShop Shop { get; }

    public ShopDomain Domain => Shop.Domain;

    public Uri BaseAddress { get; }

    /// <summary>The merchant's browser: cookies kept, redirects not followed.</summary>
    public HttpClient Browser { get; }

    public CookieContainer Cookies { get; }

    public Uri WebhookAddress => Url("/webhooks");

    public static async Task<TestApp> StartAsync(AppHost host, Action<TestAppSetup>? configure = null)
    {
        var setup = new TestAppSetup();
        configure?.Invoke(setup);
        var deferred = new DeferredEndpoints();
        ShopifyEmulator? emulatorForApp = null;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        if (host == AppHost.InProcess)
        {
            builder.WebHost.UseTestServer(o => o.BaseAddress = new Uri($"https://{InProcessHost}/"));
        }
        else
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(LoopbackCertificate.Certificate)));
        }

        var services = builder.Services;
        if (setup.Clock is not null)
        {
            services.AddSingleton<TimeProvider>(setup.Clock);
        }

        var dualAuth = services.AddShopifyDualAuth(o =>
            {
                o.ClientId = ClientId;
                o.ClientSecret = ClientSecret;
                o.Scopes = RequiredScopes;
                setup.App?.Invoke(o);
            })
            .UseEndpoints(deferred)
            .ConfigureHttpRetry(o => o.BaseDelay = TimeSpan.Zero)
            .AddInMemoryTokenStore()
            .AddAspNetCore(o => setup.AspNetCore?.Invoke(o));
        setup.DualAuth?.Invoke(dualAuth);
        if (host == AppHost.InProcess)
        {
            // The library's own handler chain (retries, buffering) stays; only the socket is replaced.
            services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(() => emulatorForApp!.CreateHandler());
        }

        setup.Services?.Invoke(services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapShopifyDualAuth();
        app.MapShopifyWebhooks("/webhooks");
        MapAppPages(app);
        setup.Endpoints?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);

        var baseAddress = host == AppHost.InProcess
            ? new Uri($"https://{InProcessHost}/")
            : new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        var callbackPath = app.Services.GetRequiredService<IOptions<ShopifyAspNetCoreOptions>>().Value.CallbackPath;
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            TimeProvider = (TimeProvider?)setup.Clock ?? TimeProvider.System,
            AllowedRedirectUris = { new Uri(baseAddress, callbackPath) },
            WebhookHandler = host == AppHost.InProcess ? app.GetTestServer().CreateHandler() : TrustingHandler(),
        });
        emulatorForApp = emulator;
        deferred.Target = emulator.Endpoints;
        var shop = emulator.AddShop("aspnet-shop", s =>
        {
            s.Installed = true;
            s.GrantedScopes = ScopeSet.Parse(RequiredScopes);
            s.AddUser(new EmulatedUser { Id = OwnerId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
            s.AddUser(new EmulatedUser { Id = StaffId, FirstName = "Sam", LastName = "Staff", Email = "sam@example.com", EmailVerified = false });
            setup.Shop?.Invoke(s);
        });

        var cookies = new CookieContainer();
        HttpClient browser;
        if (host == AppHost.InProcess)
        {
            browser = new HttpClient(new BrowserHandler(InProcessHost, app.GetTestServer().CreateHandler(), emulator.CreateHandler(), cookies));
        }
        else
        {
            await emulator.StartAsync(TestContext.Current.CancellationToken);
            var handler = TrustingHandler();
            handler.UseCookies = true;
            handler.CookieContainer = cookies;
            browser = new HttpClient(handler);
        }

        return new TestApp(host, app, emulator, shop, baseAddress, browser, cookies);
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <summary>A page load, as the admin iframe or a browser tab makes it.</summary>
    public Task<HttpResponseMessage> GetDocumentAsync(string pathAndQuery) => GetDocumentAsync(Url(pathAndQuery));

    public async Task<HttpResponseMessage> GetDocumentAsync(Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        request.Headers.Add("Sec-Fetch-Dest", "iframe");
        return await Browser.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A fetch from the app's front end, with App Bridge's bearer token when given.</summary>
    public async Task<HttpResponseMessage> FetchAsync(string pathAndQuery, string? bearer = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, Url(pathAndQuery));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("Sec-Fetch-Dest", "empty");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Browser.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Drops every cookie, as a new browser would start.</summary>
    public void ForgetCookies()
    {
        foreach (var cookie in Cookies.GetAllCookies().ToList())
        {
            Cookies.Add(new Cookie(cookie.Name, string.Empty, cookie.Path, cookie.Domain) { Expired = true });
        }

        Assert.Empty(Cookies.GetAllCookies());
    }

    public T Service<T>()
        where T : notnull
        => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await App.StopAsync(TestContext.Current.CancellationToken);
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    /// <summary>
    /// The app's own pages, protected by the default scheme: each reports what the library established
    /// about the request, one <c>key=value</c> per line.
    /// </summary>
    private static void MapAppPages(WebApplication app)
    {
        static async Task<string> Describe(HttpContext context)
        {
            var online = await context.GetShopifyOnlineTokenAsync(context.RequestAborted);
            var user = context.GetShopifyUser();
            return string.Join('\n',
                $"shop={context.GetShopifyShop()?.Value}",
                $"user={context.GetShopifyUserId()}",
                $"session={context.GetShopifySessionToken()?.SessionId}",
                $"online={online?.AccessToken}",
                $"name={user?.DisplayName}",
                $"email={user?.Email}",
                $"verified={user?.EmailVerified}");
        }

        app.MapGet("/app", (Delegate)Describe).RequireAuthorization();
        app.MapGet("/api/data", (Delegate)Describe).RequireAuthorization();
        app.MapGet("/attributed", (Delegate)([Authorize] (HttpContext context) => Describe(context)));
        app.MapGet("/welcome", (Delegate)Describe).RequireAuthorization();
        app.MapGet("/", (Delegate)Describe).RequireAuthorization();
    }

    private static SocketsHttpHandler TrustingHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == LoopbackCertificate.Certificate.GetCertHashString(),
        },
    };
}
