using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Webhooks;

/// <summary>
/// <c>POST {pattern}</c>: verifies the signature over the raw body before anything parses it (401
/// otherwise, as app review requires), drops repeated deliveries by <c>X-Shopify-Webhook-Id</c>, and
/// runs the topic's handlers; 200 when they complete. A handler that throws is logged and answered
/// with 500, and the delivery is forgotten so Shopify's retry runs the handlers again.
/// </summary>
internal sealed class WebhookEndpoint(
    ShopifyRequestVerifier verifier,
    IWebhookDeliveryLog deliveries,
    WebhookDispatcher dispatcher,
    IOptionsMonitor<ShopifyAspNetCoreOptions> options,
    ILogger<WebhookEndpoint> logger)
{
    private const int ReadChunkSize = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var hmac = ShopifyWebhookHeaders.GetHmac(name => request.Headers[name]);
        if (hmac is null)
        {
            logger.WebhookSignatureRejected(VerificationFailure.Missing, ShopifyWebhookHeaders.HmacSha256);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            logger.WebhookTooLarge(ShopifyRequestVerifier.MaxWebhookBodySize);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var verdict = verifier.VerifyWebhook(body, hmac);
        if (!verdict.IsValid)
        {
            logger.WebhookSignatureRejected(verdict.Failure, verdict.Parameter);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var webhook = ReadDelivery(context, body);
        if (webhook is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (!await deliveries.TryRecordAsync(webhook.Shop, webhook.WebhookId, options.CurrentValue.WebhookDeduplicationWindow, cancellationToken).ConfigureAwait(false))
        {
            logger.WebhookDuplicate(webhook.Topic, webhook.Shop, webhook.WebhookId);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        try
        {
            await dispatcher.DispatchAsync(webhook, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // Not cancelled with the request: Shopify's retry must find the delivery unrecorded.
            await deliveries.ForgetAsync(webhook.Shop, webhook.WebhookId, CancellationToken.None).ConfigureAwait(false);
            logger.WebhookFailed(error, webhook.Topic, webhook.Shop, webhook.WebhookId);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        logger.WebhookHandled(webhook.Topic, webhook.Shop, webhook.WebhookId);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    // The whole body, or null when it is longer than the verifier accepts. It is read before being
    // verified, but nothing looks at it until the signature matched.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = ShopifyRequestVerifier.MaxWebhookBodySize;
        if (request.ContentLength > limit)
        {
            return null;
        }

        var expected = (int)(request.ContentLength ?? ReadChunkSize);
        var writer = new ArrayBufferWriter<byte>(Math.Max(expected, 1));
        while (true)
        {
            var read = await request.Body.ReadAsync(writer.GetMemory(ReadChunkSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return writer.WrittenSpan.ToArray();
            }

            writer.Advance(read);
            if (writer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private ShopifyWebhook? ReadDelivery(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers;
        string? Header(string name, string eventsName)
            => headers[name] is { Count: 1 } value && value[0] is { Length: > 0 } text ? text
                : headers[eventsName] is { Count: 1 } events && events[0] is { Length: > 0 } eventsText ? eventsText
                : null;

        var topic = Header(ShopifyWebhookHeaders.Topic, ShopifyWebhookHeaders.EventsTopic)?.ToLowerInvariant();
        if (topic is null || topic.Length > 100)
        {
            logger.WebhookHeaderInvalid(ShopifyWebhookHeaders.Topic);
            return null;
        }

        if (!ShopDomain.TryParse(Header(ShopifyWebhookHeaders.ShopDomain, ShopifyWebhookHeaders.EventsShopDomain), out var shop))
        {
            logger.WebhookHeaderInvalid(ShopifyWebhookHeaders.ShopDomain);
            return null;
        }

        var webhookId = Header(ShopifyWebhookHeaders.WebhookId, ShopifyWebhookHeaders.EventsWebhookId);
        if (webhookId is null || webhookId.Length > IWebhookDeliveryLog.MaxWebhookIdLength)
        {
            logger.WebhookHeaderInvalid(ShopifyWebhookHeaders.WebhookId);
            return null;
        }

        var triggeredAt = Header(ShopifyWebhookHeaders.TriggeredAt, ShopifyWebhookHeaders.EventsTriggeredAt);
        return new ShopifyWebhook(context, topic, shop, webhookId, body)
        {
            ApiVersion = Header(ShopifyWebhookHeaders.ApiVersion, ShopifyWebhookHeaders.EventsApiVersion),
            EventId = Header(ShopifyWebhookHeaders.EventId, ShopifyWebhookHeaders.EventsEventId),
            SubscriptionName = headers[ShopifyWebhookHeaders.Name] is { Count: 1 } name && name[0] is { Length: > 0 } nameText ? nameText : null,
            TriggeredAt = DateTimeOffset.TryParse(triggeredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null,
        };
    }
}
