using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class ShopifyWebhookHeadersTests
{
    [Fact]
    public void GetHmac_reads_the_webhook_header()
    {
        var headers = Headers(("X-Shopify-Hmac-Sha256", "abc="), ("X-Shopify-Topic", "app/uninstalled"));

        Assert.Equal("abc=", ShopifyWebhookHeaders.GetHmac(headers));
    }

    [Fact]
    public void GetHmac_falls_back_to_the_events_header()
    {
        var headers = Headers(("shopify-hmac-sha256", "def="), ("shopify-topic", "products/update"));

        Assert.Equal("def=", ShopifyWebhookHeaders.GetHmac(headers));
    }

    [Fact]
    public void GetHmac_prefers_the_webhook_header_and_skips_an_empty_one()
    {
        Assert.Equal("abc=", ShopifyWebhookHeaders.GetHmac(Headers(("X-Shopify-Hmac-Sha256", "abc="), ("shopify-hmac-sha256", "def="))));
        Assert.Equal("def=", ShopifyWebhookHeaders.GetHmac(Headers(("X-Shopify-Hmac-Sha256", string.Empty), ("shopify-hmac-sha256", "def="))));
    }

    [Fact]
    public void GetHmac_finds_lower_cased_http2_names_through_a_case_insensitive_lookup()
    {
        var headers = Headers(("x-shopify-hmac-sha256", "abc="));

        Assert.Equal("abc=", ShopifyWebhookHeaders.GetHmac(headers));
    }

    [Fact]
    public void GetHmac_returns_null_when_neither_header_has_a_value()
    {
        Assert.Null(ShopifyWebhookHeaders.GetHmac(Headers()));
        Assert.Null(ShopifyWebhookHeaders.GetHmac(Headers(("X-Shopify-Hmac-Sha256", string.Empty), ("shopify-hmac-sha256", string.Empty))));
    }

    [Fact]
    public void GetHmac_asks_for_exactly_the_two_signature_headers_in_order()
    {
        var asked = new List<string>();

        ShopifyWebhookHeaders.GetHmac(name =>
        {
            asked.Add(name);
            return null;
        });

        Assert.Equal(["X-Shopify-Hmac-Sha256", "shopify-hmac-sha256"], asked);
    }

    [Fact]
    public void GetHmac_rejects_a_null_lookup()
        => Assert.Throws<ArgumentNullException>(() => ShopifyWebhookHeaders.GetHmac(null!));

    [Theory]
    [InlineData(ShopifyWebhookHeaders.HmacSha256, "X-Shopify-Hmac-Sha256")]
    [InlineData(ShopifyWebhookHeaders.Topic, "X-Shopify-Topic")]
    [InlineData(ShopifyWebhookHeaders.ShopDomain, "X-Shopify-Shop-Domain")]
    [InlineData(ShopifyWebhookHeaders.ApiVersion, "X-Shopify-API-Version")]
    [InlineData(ShopifyWebhookHeaders.WebhookId, "X-Shopify-Webhook-Id")]
    [InlineData(ShopifyWebhookHeaders.TriggeredAt, "X-Shopify-Triggered-At")]
    [InlineData(ShopifyWebhookHeaders.EventId, "X-Shopify-Event-Id")]
    [InlineData(ShopifyWebhookHeaders.Name, "X-Shopify-Name")]
    [InlineData(ShopifyWebhookHeaders.EventsHmacSha256, "shopify-hmac-sha256")]
    [InlineData(ShopifyWebhookHeaders.EventsTopic, "shopify-topic")]
    [InlineData(ShopifyWebhookHeaders.EventsShopDomain, "shopify-shop-domain")]
    [InlineData(ShopifyWebhookHeaders.EventsApiVersion, "shopify-api-version")]
    [InlineData(ShopifyWebhookHeaders.EventsWebhookId, "shopify-webhook-id")]
    [InlineData(ShopifyWebhookHeaders.EventsTriggeredAt, "shopify-triggered-at")]
    [InlineData(ShopifyWebhookHeaders.EventsEventId, "shopify-event-id")]
    [InlineData(ShopifyWebhookHeaders.EventsHandle, "shopify-handle")]
    [InlineData(ShopifyWebhookHeaders.EventsAction, "shopify-action")]
    [InlineData(ShopifyWebhookHeaders.EventsResourceId, "shopify-resource-id")]
    public void Header_names_are_the_ones_shopify_sends(string constant, string wireName)
        => Assert.Equal(wireName, constant);

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers)
    {
        var map = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return name => map.GetValueOrDefault(name);
    }
}
