using System.Net;

namespace Shopify.DualAuth.Testing.Emulator.Webhooks;

/// <summary>What happened to one webhook delivery.</summary>
/// <param name="StatusCode">The app's answer.</param>
/// <param name="WebhookId">The <c>X-Shopify-Webhook-Id</c> sent.</param>
/// <param name="EventId">The <c>X-Shopify-Event-Id</c> sent.</param>
/// <param name="Signature">The <c>X-Shopify-Hmac-Sha256</c> sent.</param>
public sealed record WebhookDelivery(HttpStatusCode StatusCode, string WebhookId, string EventId, string Signature)
{
    /// <summary>Whether Shopify would count the delivery as received: any 2xx (a 3xx is a failure).</summary>
    public bool Succeeded => (int)StatusCode is >= 200 and < 300;
}
