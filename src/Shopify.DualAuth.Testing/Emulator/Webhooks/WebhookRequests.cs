using System.Globalization;
using System.Net.Http.Headers;
using Shopify.DualAuth.Testing.Emulator.Signing;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.Webhooks;

/// <summary>Builds the HTTP request of a webhook delivery with every header of protocol §6.1.</summary>
internal static class WebhookRequests
{
    public static HttpRequestMessage Create(Uri address, WebhookMessage message, EmulatorState state, string defaultApiVersion)
    {
        var body = message.Body.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var headers = request.Headers;
        headers.UserAgent.ParseAdd("Shopify-Captain-Hook");
        headers.Add("X-Shopify-Topic", message.Topic);
        headers.Add("X-Shopify-Hmac-Sha256", WebhookSignature.Compute(message.SigningSecret ?? state.ClientSecret, body));
        headers.Add("X-Shopify-Shop-Domain", message.Shop.Value);
        headers.Add("X-Shopify-API-Version", message.ApiVersion ?? defaultApiVersion);
        headers.Add("X-Shopify-Webhook-Id", message.WebhookId ?? state.Generator.Guid().ToString());
        headers.Add("X-Shopify-Event-Id", message.EventId ?? state.Generator.Guid().ToString());
        headers.Add("X-Shopify-Triggered-At", (message.TriggeredAt ?? state.Now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        if (message.Name is not null)
        {
            headers.Add("X-Shopify-Name", message.Name);
        }

        return request;
    }
}
