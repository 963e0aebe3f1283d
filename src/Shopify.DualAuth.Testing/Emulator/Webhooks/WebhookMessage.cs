using System.Text;

namespace Shopify.DualAuth.Testing.Emulator.Webhooks;

/// <summary>
/// A webhook delivery as Shopify sends it (protocol §6.1). Unset members take Shopify's values; set
/// <see cref="SigningSecret"/> to deliver one signed with another key, for negative tests.
/// </summary>
public sealed class WebhookMessage
{
    /// <summary><c>X-Shopify-Topic</c>, for example <c>app/uninstalled</c>.</summary>
    public required string Topic { get; init; }

    /// <summary><c>X-Shopify-Shop-Domain</c>.</summary>
    public required ShopDomain Shop { get; init; }

    /// <summary>The exact body bytes; the signature covers these bytes.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary><c>X-Shopify-API-Version</c>; the options' version unless set.</summary>
    public string? ApiVersion { get; init; }

    /// <summary><c>X-Shopify-Webhook-Id</c>, the delivery's dedupe key; a fresh UUID unless set (reuse it to model a retry).</summary>
    public string? WebhookId { get; init; }

    /// <summary><c>X-Shopify-Event-Id</c>; a fresh UUID unless set.</summary>
    public string? EventId { get; init; }

    /// <summary><c>X-Shopify-Triggered-At</c>; the emulator's current time unless set.</summary>
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary><c>X-Shopify-Name</c>, the subscription name; omitted unless set.</summary>
    public string? Name { get; init; }

    /// <summary>The HMAC key; the emulator's client secret unless set.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>A delivery of <paramref name="json"/>, UTF-8 encoded, with Shopify's default headers.</summary>
    /// <param name="topic">The topic, for example <c>products/update</c>.</param>
    /// <param name="shop">The shop it concerns.</param>
    /// <param name="json">The JSON body.</param>
    /// <returns>The message.</returns>
    public static WebhookMessage Json(string topic, ShopDomain shop, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(json);
        return new WebhookMessage { Topic = topic, Shop = shop, Body = Encoding.UTF8.GetBytes(json) };
    }
}
