using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Samples.Shared;
using Shopify.DualAuth;
using Shopify.DualAuth.AspNetCore.Webhooks;
using Shopify.DualAuth.Testing.Emulator;

namespace OfflineAtInstall;

/// <summary>
/// A non-embedded app on the authorization code grant. Without <c>Shopify:ClientId</c> it starts a
/// <see cref="ShopifyEmulator"/> on loopback as its Shopify, with a demo shop and two staff users.
/// </summary>
public sealed partial class SampleApp : IAsyncDisposable
{
    public const string DemoShopName = "Demo Shop";
    public const long OwnerId = 1001;
    public const long StaffId = 1002;
    private const string EmulatorClientId = "offline-at-install-sample";
    private const string EmulatorClientSecret = "offline-at-install-sample-secret";

    private SampleApp(WebApplication app, SampleClock? clock)
    {
        App = app;
        Clock = clock;
    }

    public WebApplication App { get; }

    /// <summary>The app's https address on 127.0.0.1.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The in-process Shopify; null when real Shopify is configured.</summary>
    public ShopifyEmulator? Emulator { get; private set; }

    /// <summary>The demo shop in emulator mode.</summary>
    public ShopDomain? DemoShop => Emulator?.Shops[0].Domain;

    public string Mode => Emulator is null ? "real Shopify" : "Shopify emulator";

    internal SampleClock? Clock { get; }

    /// <summary>
    /// Builds and starts the host on https://127.0.0.1:{port} (<c>--port</c>, default 5443; 0 picks a free
    /// one) and, in emulator mode, the emulator beside it.
    /// </summary>
    public static async Task<SampleApp> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.Where(a => a != "--walkthrough").ToArray() });
        var config = builder.Configuration;
        var realClientId = config["Shopify:ClientId"];
        var emulated = string.IsNullOrEmpty(realClientId);
        // The walkthrough picks a free port, so it runs beside an interactive instance.
        var port = int.Parse(config["port"] ?? (args.Contains("--walkthrough") ? "0" : "5443"), CultureInfo.InvariantCulture);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(SampleCertificate.Certificate)));

        var clock = emulated ? new SampleClock() : null;
        var deferred = new DeferredEndpoints();
        var dualAuth = builder.Services.AddShopifyDualAuth(o =>
        {
            o.ClientId = emulated ? EmulatorClientId : realClientId!;
            o.ClientSecret = emulated ? EmulatorClientSecret : config["Shopify:ClientSecret"] ?? string.Empty;
            o.Scopes = config["Shopify:Scopes"] ?? "read_orders,read_customers";
        });
        if (clock is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
            dualAuth.UseEndpoints(deferred);
        }

        dualAuth.AddInMemoryTokenStore()
            .AddAspNetCore(o =>
            {
                o.Embedded = false;
                o.AppPath = "/signup";
                if (config["Shopify:AppUrl"] is { Length: > 0 } appUrl)
                {
                    o.AppUrl = new Uri(appUrl);
                }
            })
            .AddWebhookHandler("orders/create", HandleOrderCreatedAsync)
            .AddWebhookHandler(ShopifyWebhookTopics.AppUninstalled, HandleUninstalledAsync);
        builder.Services.AddSingleton<WebhookLog>();
        builder.Services.AddHttpClient(AdminApi.ClientName);

        var app = builder.Build();
        var sample = new SampleApp(app, clock);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapShopifyDualAuth();
        app.MapShopifyWebhooks("/webhooks");
        sample.MapPages();
        await app.StartAsync(cancellationToken);

        sample.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        if (clock is not null)
        {
            var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions
            {
                ClientId = EmulatorClientId,
                ClientSecret = EmulatorClientSecret,
                TimeProvider = clock,
                AllowedRedirectUris = { new Uri(sample.BaseAddress, "/auth/callback") },
                WebhookHandler = SampleCertificate.TrustingHandler(),
            });
            emulator.AddShop("demo-shop", s =>
            {
                s.Name = DemoShopName;
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

    private static async Task HandleOrderCreatedAsync(ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        var services = webhook.HttpContext.RequestServices;
        string result;
        try
        {
            result = "Admin API says the shop is \"" + await AdminApi.ReadShopNameAsync(services, webhook.Shop, cancellationToken) + "\"";
        }
        catch (Exception e) when (e is HttpRequestException or ShopNotInstalledException or ShopReauthorizationRequiredException or JsonException or KeyNotFoundException)
        {
            result = "Admin API call failed: " + e.GetType().Name;
        }

        services.GetRequiredService<WebhookLog>().Add(new WebhookLogEntry(services.GetRequiredService<TimeProvider>().GetUtcNow(), webhook.Topic, webhook.Shop.Value, result));
    }

    private static Task HandleUninstalledAsync(ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        // The library has already deleted the shop's tokens when this runs; the app only records it.
        var services = webhook.HttpContext.RequestServices;
        services.GetRequiredService<WebhookLog>().Add(new WebhookLogEntry(services.GetRequiredService<TimeProvider>().GetUtcNow(), webhook.Topic, webhook.Shop.Value, "Uninstalled: the shop's tokens were deleted"));
        return Task.CompletedTask;
    }


}
