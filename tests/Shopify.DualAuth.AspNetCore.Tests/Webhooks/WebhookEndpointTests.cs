using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.AspNetCore.Tests.Harness;
using Shopify.DualAuth.AspNetCore.Webhooks;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator.Webhooks;

namespace Shopify.DualAuth.AspNetCore.Tests.Webhooks;

public sealed class WebhookEndpointTests
{
    private const string OrderJson = """{"id":820982911946154508,"email":"jon@example.com","total_price":"10.00"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task A_signed_delivery_reaches_its_handler_once_and_repeats_are_acknowledged(AppHost host)
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(host, recorder);
        var message = Order(app, webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", name: "orders-sync");

        var first = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);
        var repeat = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var webhook = Assert.Single(recorder.Seen);
        Assert.Equal("orders/create", webhook.Topic);
        Assert.Equal(app.Domain, webhook.Shop);
        Assert.Equal(message.WebhookId, webhook.WebhookId);
        Assert.Equal(first.EventId, webhook.EventId);
        Assert.Equal("orders-sync", webhook.SubscriptionName);
        Assert.False(string.IsNullOrEmpty(webhook.ApiVersion));
        Assert.NotNull(webhook.TriggeredAt);
        Assert.Equal(OrderJson, Encoding.UTF8.GetString(webhook.Body.Span));
        using var json = webhook.ParseJson();
        Assert.Equal("jon@example.com", json.RootElement.GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_delivery_signed_with_another_secret_gets_401_and_is_not_recorded()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        var message = Order(app, webhookId: "forged-1", signingSecret: "the-store-admin-key");

        var forged = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Empty(recorder.Seen);

        // The forgery did not claim the delivery ID: the genuine delivery is still handled.
        var genuine = await app.Emulator.SendWebhookAsync(app.WebhookAddress, Order(app, webhookId: "forged-1"), Ct);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Single(recorder.Seen);
    }

    [Fact]
    public async Task A_body_changed_after_signing_gets_401()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        using var request = app.Emulator.CreateWebhookRequest(app.WebhookAddress, WebhookMessage.Json("orders/create", app.Domain, OrderJson));
        var tampered = new ByteArrayContent(Encoding.UTF8.GetBytes(OrderJson.Replace("10.00", "0.01", StringComparison.Ordinal)));
        tampered.Headers.ContentType = request.Content!.Headers.ContentType;
        request.Content = tampered;

        using var response = await SendAsync(app, request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(recorder.Seen);
    }

    [Theory]
    [InlineData("X-Shopify-Hmac-Sha256", HttpStatusCode.Unauthorized)]
    [InlineData("X-Shopify-Topic", HttpStatusCode.BadRequest)]
    [InlineData("X-Shopify-Shop-Domain", HttpStatusCode.BadRequest)]
    [InlineData("X-Shopify-Webhook-Id", HttpStatusCode.BadRequest)]
    public async Task A_delivery_without_a_required_header_is_refused(string header, HttpStatusCode expected)
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        using var request = app.Emulator.CreateWebhookRequest(app.WebhookAddress, WebhookMessage.Json("orders/create", app.Domain, OrderJson));
        request.Headers.Remove(header);

        using var response = await SendAsync(app, request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(recorder.Seen);
    }

    [Fact]
    public async Task A_shop_header_that_is_not_a_shop_domain_is_refused()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        using var request = app.Emulator.CreateWebhookRequest(app.WebhookAddress, WebhookMessage.Json("orders/create", app.Domain, OrderJson));
        request.Headers.Remove("X-Shopify-Shop-Domain");
        request.Headers.Add("X-Shopify-Shop-Domain", "evil.example.com");

        using var response = await SendAsync(app, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(recorder.Seen);
    }

    [Fact]
    public async Task Deliveries_signed_with_a_previous_secret_are_accepted_during_rotation()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder, s => s.App = o => o.PreviousClientSecrets.Add("aspnet-previous-secret"));

        var delivery = await app.Emulator.SendWebhookAsync(app.WebhookAddress, Order(app, signingSecret: "aspnet-previous-secret"), Ct);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Single(recorder.Seen);
    }

    [Fact]
    public async Task A_failing_handler_answers_500_and_Shopifys_retry_runs_it_again()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        recorder.FailNext(1);
        var message = Order(app, webhookId: "retried-1");

        var failed = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);
        var retried = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);
        var repeated = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Single(recorder.Seen);
    }

    [Fact]
    public async Task App_uninstalled_deletes_the_shops_tokens_before_the_apps_handler_runs()
    {
        bool? tokensGoneWhenHandled = null;
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.DualAuth = b => b.AddWebhookHandler(ShopifyWebhookTopics.AppUninstalled, async (webhook, ct) =>
        {
            var store = webhook.HttpContext.RequestServices.GetRequiredService<IShopifyTokenStore>();
            tokensGoneWhenHandled = await store.GetOfflineTokenAsync(webhook.Shop, ct) is null;
        }));
        var store = app.Service<IShopifyTokenStore>();
        var other = ShopDomain.Parse("other-shop.myshopify.com");
        await store.SaveOfflineTokenAsync(new OfflineToken(app.Domain, "shpat_gone", ScopeSet.Parse(TestApp.RequiredScopes)), Ct);
        await store.SaveOnlineTokenAsync(OnlineToken(app.Domain, TestApp.OwnerId), Ct);
        await store.SaveOfflineTokenAsync(new OfflineToken(other, "shpat_kept", ScopeSet.Parse(TestApp.RequiredScopes)), Ct);

        var delivery = await app.Emulator.UninstallAppAsync(app.Domain, app.WebhookAddress, Ct);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Null(await store.GetOfflineTokenAsync(app.Domain, Ct));
        Assert.Null(await store.GetOnlineTokenAsync(app.Domain, TestApp.OwnerId, Ct));
        Assert.NotNull(await store.GetOfflineTokenAsync(other, Ct));
        Assert.True(tokensGoneWhenHandled);
    }

    [Fact]
    public async Task App_scopes_update_stores_the_current_scopes()
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        var store = app.Service<IShopifyTokenStore>();
        await store.SaveOfflineTokenAsync(new OfflineToken(app.Domain, "shpat_token", ScopeSet.Parse("read_products")), Ct);
        const string Body = """{"id":1,"shop_id":"gid://shopify/Shop/548380009","previous":["read_products"],"current":["read_products","write_products"],"updated_at":"2024-06-25T00:00:00.000Z"}""";

        var delivery = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json(ShopifyWebhookTopics.AppScopesUpdate, app.Domain, Body), Ct);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Equal(ScopeSet.Parse("read_products,write_products"), (await store.GetOfflineTokenAsync(app.Domain, Ct))!.Scopes);
    }

    [Theory]
    [InlineData("""{"current":"read_products"}""")]
    [InlineData("""{"current":["read products"]}""")]
    [InlineData("""{"previous":["read_products"]}""")]
    [InlineData("not json")]
    public async Task An_unreadable_scopes_update_is_acknowledged_and_leaves_the_scopes_alone(string body)
    {
        await using var app = await TestApp.StartAsync(AppHost.InProcess);
        var store = app.Service<IShopifyTokenStore>();
        await store.SaveOfflineTokenAsync(new OfflineToken(app.Domain, "shpat_token", ScopeSet.Parse("read_products")), Ct);

        var delivery = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json(ShopifyWebhookTopics.AppScopesUpdate, app.Domain, body), Ct);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Equal(ScopeSet.Parse("read_products"), (await store.GetOfflineTokenAsync(app.Domain, Ct))!.Scopes);
    }

    [Theory]
    [InlineData(ShopifyWebhookTopics.CustomersDataRequest)]
    [InlineData(ShopifyWebhookTopics.CustomersRedact)]
    [InlineData(ShopifyWebhookTopics.ShopRedact)]
    public async Task Compliance_topics_are_acknowledged_without_handlers_and_routed_to_them_when_registered(string topic)
    {
        var body = $$"""{"shop_id":954889,"shop_domain":"aspnet-shop.myshopify.com"}""";
        await using (var bare = await TestApp.StartAsync(AppHost.InProcess))
        {
            var acknowledged = await bare.Emulator.SendWebhookAsync(bare.WebhookAddress, WebhookMessage.Json(topic, bare.Domain, body), Ct);
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        var recorder = new WebhookRecorder();
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s => s.DualAuth = b => b.AddWebhookHandler(topic, recorder.HandleAsync));
        var routed = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json(topic, app.Domain, body), Ct);
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal(topic, Assert.Single(recorder.Seen).Topic);
    }

    [Fact]
    public async Task A_typed_handler_is_resolved_from_each_deliverys_scope_and_handlers_of_one_topic_run_in_order()
    {
        var recorder = new WebhookRecorder();
        var order = new List<string>();
        await using var app = await TestApp.StartAsync(AppHost.InProcess, s =>
        {
            s.Services = services =>
            {
                services.AddSingleton(recorder);
                services.AddScoped<ScopedCounter>();
            };
            s.DualAuth = b => b
                .AddWebhookHandler("orders/create", (_, _) =>
                {
                    order.Add("delegate");
                    return Task.CompletedTask;
                })
                .AddWebhookHandler<ScopedOrderHandler>("orders/create");
        });
        var instancesBefore = ScopedCounter.Instances;

        for (var i = 0; i < 3; i++)
        {
            var delivery = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json("orders/create", app.Domain, OrderJson), Ct);
            Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        }

        Assert.Equal(3, recorder.Seen.Count);
        Assert.Equal(["delegate", "delegate", "delegate"], order);
        Assert.Equal(3, ScopedCounter.Instances - instancesBefore);
    }

    [Fact]
    public async Task Other_topics_without_handlers_are_acknowledged_and_topic_names_are_matched_in_lower_case()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);

        var unhandled = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json("products/update", app.Domain, "{}"), Ct);
        var shouted = await app.Emulator.SendWebhookAsync(app.WebhookAddress, WebhookMessage.Json("Orders/Create", app.Domain, OrderJson), Ct);

        Assert.Equal(HttpStatusCode.OK, unhandled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shouted.StatusCode);
        Assert.Equal("orders/create", Assert.Single(recorder.Seen).Topic);
    }

    [Fact]
    public async Task Events_deliveries_with_unprefixed_headers_are_verified_and_routed()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        var body = Encoding.UTF8.GetBytes(OrderJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, app.WebhookAddress) { Content = new ByteArrayContent(body) };
        request.Headers.Add("shopify-hmac-sha256", app.Emulator.SignWebhook(body));
        request.Headers.Add("shopify-topic", "orders/create");
        request.Headers.Add("shopify-shop-domain", app.Domain.Value);
        request.Headers.Add("shopify-webhook-id", "events-1");
        request.Headers.Add("shopify-event-id", "event-9");
        request.Headers.Add("shopify-api-version", "unstable");

        using var response = await SendAsync(app, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var webhook = Assert.Single(recorder.Seen);
        Assert.Equal("events-1", webhook.WebhookId);
        Assert.Equal("event-9", webhook.EventId);
        Assert.Equal("unstable", webhook.ApiVersion);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var recorder = new WebhookRecorder();
        await using var app = await StartAsync(AppHost.InProcess, recorder);
        var body = new byte[Shopify.DualAuth.Verification.ShopifyRequestVerifier.MaxWebhookBodySize + 1];
        var message = new WebhookMessage { Topic = "orders/create", Shop = app.Domain, Body = body };

        var delivery = await app.Emulator.SendWebhookAsync(app.WebhookAddress, message, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, delivery.StatusCode);
        Assert.Empty(recorder.Seen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders")]
    [InlineData("/orders/create")]
    [InlineData("orders//create")]
    [InlineData("orders/create/")]
    [InlineData("orders/create ")]
    public void Registering_a_handler_for_something_that_is_not_a_topic_throws(string topic)
    {
        var builder = new ServiceCollection().AddShopifyDualAuth(o => o.ClientId = "x");
        Assert.Throws<ArgumentException>(() => builder.AddWebhookHandler(topic, (_, _) => Task.CompletedTask));
    }

    private static Task<TestApp> StartAsync(AppHost host, WebhookRecorder recorder, Action<TestAppSetup>? more = null)
        => TestApp.StartAsync(host, s =>
        {
            s.DualAuth = b => b.AddWebhookHandler("orders/create", recorder.HandleAsync);
            more?.Invoke(s);
        });

    private static async Task<HttpResponseMessage> SendAsync(TestApp app, HttpRequestMessage request)
    {
        // Hand-made deliveries go straight to the in-process app.
        using var client = new HttpClient(app.App.GetTestServer().CreateHandler(), disposeHandler: true);
        return await client.SendAsync(request, Ct);
    }

    private static WebhookMessage Order(TestApp app, string? webhookId = null, string? name = null, string? signingSecret = null) => new()
    {
        Topic = "orders/create",
        Shop = app.Domain,
        Body = Encoding.UTF8.GetBytes(OrderJson),
        WebhookId = webhookId,
        Name = name,
        SigningSecret = signingSecret,
    };

    private static OnlineToken OnlineToken(ShopDomain shop, long userId)
        => new(shop, "shpua_token", ScopeSet.Parse(TestApp.RequiredScopes), ScopeSet.Parse("read_orders"), DateTimeOffset.UtcNow.AddHours(1), new ShopifyUser(userId, "Olive", "Owner", "olive@example.com", true, true, "en", false));
}
