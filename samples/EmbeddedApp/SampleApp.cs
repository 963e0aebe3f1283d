using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Samples.Shared;
using Shopify.DualAuth;
using Shopify.DualAuth.Testing.Emulator;

namespace EmbeddedApp;

/// <summary>
/// An embedded app on token exchange: the first load's session token buys both tokens, with no
/// redirect. Without <c>Shopify:ClientId</c> it starts a <see cref="ShopifyEmulator"/> on loopback as
/// its Shopify, and serves a stand-in for the Shopify admin frame at <c>/emulator/admin</c>.
/// </summary>
public sealed partial class SampleApp : IAsyncDisposable
{
    public const string DemoShopName = "Demo Shop";
    public const long OwnerId = 1001;
    public const long StaffId = 1002;
    private const string EmulatorClientId = "embedded-app-sample";
    private const string EmulatorClientSecret = "embedded-app-sample-secret";
    private const string Scopes = "read_orders,read_customers";

    private SampleApp(WebApplication app, string clientId)
    {
        App = app;
        ClientId = clientId;
    }

    public WebApplication App { get; }

    /// <summary>The app's https address on 127.0.0.1.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The in-process Shopify; null when real Shopify is configured.</summary>
    public ShopifyEmulator? Emulator { get; private set; }

    /// <summary>The demo shop in emulator mode.</summary>
    public ShopDomain? DemoShop => Emulator?.Shops[0].Domain;

    public string Mode => Emulator is null ? "real Shopify" : "Shopify emulator";

    private string ClientId { get; }

    /// <summary>
    /// Builds and starts the host on https://127.0.0.1:{port} (<c>--port</c>, default 5444; 0 picks a free
    /// one) and, in emulator mode, the emulator beside it.
    /// </summary>
    public static async Task<SampleApp> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.Where(a => a != "--walkthrough").ToArray() });
        var config = builder.Configuration;
        var realClientId = config["Shopify:ClientId"];
        var emulated = string.IsNullOrEmpty(realClientId);
        var clientId = emulated ? EmulatorClientId : realClientId!;
        // The walkthrough picks a free port, so it runs beside an interactive instance.
        var port = int.Parse(config["port"] ?? (args.Contains("--walkthrough") ? "0" : "5444"), CultureInfo.InvariantCulture);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(SampleCertificate.Certificate)));

        var deferred = new DeferredEndpoints();
        var dualAuth = builder.Services.AddShopifyDualAuth(o =>
        {
            o.ClientId = clientId;
            o.ClientSecret = emulated ? EmulatorClientSecret : config["Shopify:ClientSecret"] ?? string.Empty;
            o.Scopes = config["Shopify:Scopes"] ?? Scopes;
        });
        if (emulated)
        {
            dualAuth.UseEndpoints(deferred);
        }

        dualAuth.AddInMemoryTokenStore()
            .AddAspNetCore(o =>
            {
                o.Embedded = true;
                o.AppPath = "/app";
                if (config["Shopify:AppUrl"] is { Length: > 0 } appUrl)
                {
                    o.AppUrl = new Uri(appUrl);
                }
            });
        builder.Services.AddHttpClient(AdminApi.ClientName);

        var app = builder.Build();
        var sample = new SampleApp(app, clientId);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapShopifyDualAuth();
        app.MapShopifyWebhooks("/webhooks");
        sample.MapPages();
        if (emulated)
        {
            sample.MapEmulatorAdmin();
        }

        await app.StartAsync(cancellationToken);

        sample.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        if (emulated)
        {
            var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions
            {
                ClientId = EmulatorClientId,
                ClientSecret = EmulatorClientSecret,
                WebhookHandler = SampleCertificate.TrustingHandler(),
            });

            // Embedded apps are installed by Shopify (managed installation) before their first load.
            emulator.AddShop("demo-shop", s =>
            {
                s.Name = DemoShopName;
                s.Installed = true;
                s.GrantedScopes = ScopeSet.Parse(Scopes);
                s.AddUser(new EmulatedUser { Id = OwnerId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
                s.AddUser(new EmulatedUser { Id = StaffId, FirstName = "Sam", LastName = "Staff", Email = "sam@example.com" });
            });
            await emulator.StartAsync(cancellationToken);
            deferred.Target = emulator.Endpoints;
            sample.Emulator = emulator;
        }

        return sample;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
