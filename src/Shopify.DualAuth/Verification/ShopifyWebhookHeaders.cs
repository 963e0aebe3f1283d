namespace Shopify.DualAuth.Verification;

/// <summary>
/// The names of the headers Shopify sends with an HTTPS webhook delivery: the <c>X-Shopify-</c>
/// names of ordinary webhooks and the un-prefixed <c>shopify-</c> names of Events deliveries.
/// Header names are case-insensitive.
/// </summary>
public static class ShopifyWebhookHeaders
{
    /// <summary>The base64 HMAC-SHA256 of the raw body, keyed with the client secret.</summary>
    public const string HmacSha256 = "X-Shopify-Hmac-Sha256";

    /// <summary>The topic, for example <c>products/update</c> or <c>app/uninstalled</c>.</summary>
    public const string Topic = "X-Shopify-Topic";

    /// <summary>The shop's <c>{handle}.myshopify.com</c> domain.</summary>
    public const string ShopDomain = "X-Shopify-Shop-Domain";

    /// <summary>The API version the payload was serialised with, for example <c>2026-07</c>.</summary>
    public const string ApiVersion = "X-Shopify-API-Version";

    /// <summary>The delivery's unique identifier: the key to deduplicate deliveries on.</summary>
    public const string WebhookId = "X-Shopify-Webhook-Id";

    /// <summary>When Shopify triggered the delivery, for example <c>2025-07-10T16:15:47.000000Z</c>.</summary>
    public const string TriggeredAt = "X-Shopify-Triggered-At";

    /// <summary>Shared by every delivery caused by the same merchant action, across subscriptions and topics.</summary>
    public const string EventId = "X-Shopify-Event-Id";

    /// <summary>The subscription's configured name, when it has one.</summary>
    public const string Name = "X-Shopify-Name";

    /// <summary>The Events-delivery form of <see cref="HmacSha256"/>; signed the same way.</summary>
    public const string EventsHmacSha256 = "shopify-hmac-sha256";

    /// <summary>The Events-delivery form of <see cref="Topic"/>.</summary>
    public const string EventsTopic = "shopify-topic";

    /// <summary>The Events-delivery form of <see cref="ShopDomain"/>.</summary>
    public const string EventsShopDomain = "shopify-shop-domain";

    /// <summary>The Events-delivery form of <see cref="ApiVersion"/>.</summary>
    public const string EventsApiVersion = "shopify-api-version";

    /// <summary>The Events-delivery form of <see cref="WebhookId"/>.</summary>
    public const string EventsWebhookId = "shopify-webhook-id";

    /// <summary>The Events-delivery form of <see cref="TriggeredAt"/>.</summary>
    public const string EventsTriggeredAt = "shopify-triggered-at";

    /// <summary>The Events-delivery form of <see cref="EventId"/>.</summary>
    public const string EventsEventId = "shopify-event-id";

    /// <summary>The Events subscription's handle.</summary>
    public const string EventsHandle = "shopify-handle";

    /// <summary>What happened to the resource in an Events delivery: <c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    public const string EventsAction = "shopify-action";

    /// <summary>The identifier of the resource an Events delivery is about.</summary>
    public const string EventsResourceId = "shopify-resource-id";

    /// <summary>
    /// Reads the webhook signature from whichever header carries it: <see cref="HmacSha256"/>, else
    /// <see cref="EventsHmacSha256"/>.
    /// </summary>
    /// <param name="getHeader">Looks a header up by name (case-insensitively, as HTTP requires); returns <see langword="null"/> when it is absent.</param>
    /// <returns>The first non-empty value, or <see langword="null"/> when neither header has one.</returns>
    /// <example><c>ShopifyWebhookHeaders.GetHmac(name => request.Headers[name])</c> in ASP.NET Core.</example>
    public static string? GetHmac(Func<string, string?> getHeader)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        var value = getHeader(HmacSha256);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        value = getHeader(EventsHmacSha256);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
