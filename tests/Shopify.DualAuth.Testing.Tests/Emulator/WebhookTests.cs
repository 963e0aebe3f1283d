using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Webhooks;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class WebhookTests
{
    private static readonly Uri AppWebhooks = new("https://app.example/api/webhooks");

    [Fact]
    public async Task A_delivery_carries_every_header_and_a_signature_over_the_exact_bytes()
    {
        var app = new CapturingHandler();
        await using var emulator = Emulator(app);
        var shop = emulator.AddShop("example").Domain;
        const string Body = """{"id":1,"title":"Caf\u00e9"}""";

        var delivery = await emulator.SendWebhookAsync(AppWebhooks, WebhookMessage.Json("products/update", shop, Body), TestContext.Current.CancellationToken);

        Assert.True(delivery.Succeeded);
        Assert.Equal(HttpMethod.Post, app.Request!.Method);
        Assert.Equal(AppWebhooks, app.Request.RequestUri);
        Assert.Equal(Encoding.UTF8.GetBytes(Body), app.Body);
        Assert.Equal("application/json", app.Request.Content!.Headers.ContentType!.MediaType);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Harness.ClientSecret), app.Body!));
        Assert.Equal(expected, app.Header("X-Shopify-Hmac-Sha256"));
        Assert.Equal(expected, delivery.Signature);
        Assert.Equal("products/update", app.Header("X-Shopify-Topic"));
        Assert.Equal("example.myshopify.com", app.Header("X-Shopify-Shop-Domain"));
        Assert.Equal("2026-07", app.Header("X-Shopify-API-Version"));
        Assert.Equal(delivery.WebhookId, app.Header("X-Shopify-Webhook-Id"));
        Assert.True(Guid.TryParse(delivery.WebhookId, out _));
        Assert.Equal(delivery.EventId, app.Header("X-Shopify-Event-Id"));
        Assert.Equal("2026-09-01T12:00:00.000000Z", app.Header("X-Shopify-Triggered-At"));
        Assert.False(app.Request.Headers.Contains("X-Shopify-Name"));
    }

    [Fact]
    public async Task A_delivery_can_be_signed_with_another_secret_and_replay_a_webhook_id()
    {
        var app = new CapturingHandler(HttpStatusCode.Unauthorized);
        await using var emulator = Emulator(app);
        var shop = emulator.AddShop("example").Domain;
        var body = Encoding.UTF8.GetBytes("""{"shop_id":1}""");

        var delivery = await emulator.SendWebhookAsync(
            AppWebhooks,
            new WebhookMessage { Topic = "shop/redact", Shop = shop, Body = body, SigningSecret = "old-secret", WebhookId = "retry-1", Name = "gdpr", ApiVersion = "2025-10" },
            TestContext.Current.CancellationToken);

        Assert.False(delivery.Succeeded);
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData("old-secret"u8, body)), app.Header("X-Shopify-Hmac-Sha256"));
        Assert.NotEqual(emulator.SignWebhook(body), app.Header("X-Shopify-Hmac-Sha256"));
        Assert.Equal("retry-1", app.Header("X-Shopify-Webhook-Id"));
        Assert.Equal("gdpr", app.Header("X-Shopify-Name"));
        Assert.Equal("2025-10", app.Header("X-Shopify-API-Version"));
    }

    [Fact]
    public async Task A_delivery_reaches_a_real_listener_over_a_socket()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        string? received = null;
        app.MapPost("/api/webhooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received = $"{context.Request.Headers["X-Shopify-Topic"]}|{await reader.ReadToEndAsync()}";
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        await using var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = Harness.ClientId, ClientSecret = Harness.ClientSecret });
        var shop = emulator.AddShop("example").Domain;

        var delivery = await emulator.SendWebhookAsync(new Uri(new Uri(app.Urls.First()), "api/webhooks"), WebhookMessage.Json("orders/create", shop, "{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Equal("orders/create|{}", received);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Uninstall_revokes_every_token(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var pair = await h.ExchangeAsync(online: false);
        var online = (await h.ExchangeAsync(online: true)).GetProperty("access_token").GetString()!;

        h.Emulator.UninstallApp(h.Domain);

        Assert.False(h.Shop.Installed);
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(pair.GetProperty("access_token").GetString()!));
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(online));
        await Harness.AssertOAuthErrorAsync(await h.RefreshAsync(pair.GetProperty("refresh_token").GetString()!), HttpStatusCode.Unauthorized, "invalid_request");
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", "client_credentials"))), HttpStatusCode.BadRequest, "app_not_installed");

        // A reinstall starts afresh.
        var reinstalled = await h.CodeTokenAsync(expiring: true);
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(reinstalled.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task UninstallAppAsync_delivers_the_shop_object()
    {
        var app = new CapturingHandler();
        await using var emulator = Emulator(app);
        var shop = emulator.AddShop("example", s =>
        {
            s.Installed = true;
            s.Name = "Example Store";
            s.Id = 548380009;
        });

        var delivery = await emulator.UninstallAppAsync(shop.Domain, AppWebhooks, TestContext.Current.CancellationToken);

        Assert.True(delivery.Succeeded);
        Assert.Equal("app/uninstalled", app.Header("X-Shopify-Topic"));
        using var body = JsonDocument.Parse(app.Body);
        Assert.Equal(548380009, body.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("Example Store", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("example.myshopify.com", body.RootElement.GetProperty("myshopify_domain").GetString());
        Assert.Equal(emulator.SignWebhook(app.Body), app.Header("X-Shopify-Hmac-Sha256"));
        Assert.False(shop.Installed);
    }

    private static ShopifyEmulator Emulator(HttpMessageHandler app) => new(new ShopifyEmulatorOptions
    {
        ClientId = Harness.ClientId,
        ClientSecret = Harness.ClientSecret,
        TimeProvider = new FakeTimeProvider(Harness.Start),
        WebhookHandler = app,
    });
}
