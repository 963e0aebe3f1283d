using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore.Webhooks;

/// <summary>
/// A webhook delivery whose signature was verified: its headers and the exact body Shopify signed.
/// Handlers receive it once per <see cref="WebhookId"/> (retries of a handled delivery are acknowledged
/// without calling them).
/// </summary>
public sealed class ShopifyWebhook
{
    /// <summary>Creates a delivery, as the webhook endpoint does after verifying it; tests of handlers may build one directly.</summary>
    /// <param name="httpContext">The delivery's request.</param>
    /// <param name="topic">The topic, for example <c>orders/create</c>.</param>
    /// <param name="shop">The shop from <c>X-Shopify-Shop-Domain</c>.</param>
    /// <param name="webhookId">The delivery's <c>X-Shopify-Webhook-Id</c>.</param>
    /// <param name="body">The raw body.</param>
    public ShopifyWebhook(HttpContext httpContext, string topic, ShopDomain shop, string webhookId, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        HttpContext = httpContext;
        Topic = topic;
        Shop = shop;
        WebhookId = webhookId;
        Body = body;
    }

    /// <summary>The delivery's request (its services, cancellation and headers).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The topic, lower-case, for example <c>orders/create</c> or <c>app/uninstalled</c>.</summary>
    public string Topic { get; }

    /// <summary>The shop the delivery is about.</summary>
    public ShopDomain Shop { get; }

    /// <summary>The delivery's unique ID, the same on every retry of it.</summary>
    public string WebhookId { get; }

    /// <summary>Shared by every delivery one merchant action caused (<c>X-Shopify-Event-Id</c>), when sent.</summary>
    public string? EventId { get; init; }

    /// <summary>The API version the body was serialized with (<c>X-Shopify-API-Version</c>), when sent.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>When Shopify triggered the delivery (<c>X-Shopify-Triggered-At</c>), when sent: compare it to detect stale data, since deliveries are not ordered.</summary>
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary>The subscription's configured name (<c>X-Shopify-Name</c>), when it has one.</summary>
    public string? SubscriptionName { get; init; }

    /// <summary>The raw body, exactly as signed.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Parses the body as JSON.</summary>
    /// <returns>The document; the caller disposes it.</returns>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public JsonDocument ParseJson() => JsonDocument.Parse(Body);

    /// <summary>Deserializes the body with source-generated metadata (trimming and AOT safe).</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="typeInfo">The type's metadata, for example <c>MyJsonContext.Default.OrderPayload</c>.</param>
    /// <returns>The payload, or <see langword="null"/> for a JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The body does not match the type.</exception>
    public T? Deserialize<T>(JsonTypeInfo<T> typeInfo) => JsonSerializer.Deserialize(Body.Span, typeInfo);
}
