namespace Shopify.DualAuth.AspNetCore.Webhooks;

/// <summary>
/// Handles the webhooks of the topic it was registered for with <c>AddWebhookHandler&lt;THandler&gt;(topic)</c>;
/// resolved from the delivery's request services. Answer quickly: Shopify waits about 5 seconds, so
/// queue long work. Throwing answers the delivery with an error, and Shopify's retry runs the handler again.
/// </summary>
public interface IShopifyWebhookHandler
{
    /// <summary>Handles one verified, first-seen delivery.</summary>
    /// <param name="webhook">The delivery.</param>
    /// <param name="cancellationToken">Cancelled when Shopify gives up on the request.</param>
    /// <returns>A task that completes when the delivery is handled.</returns>
    Task HandleAsync(ShopifyWebhook webhook, CancellationToken cancellationToken);
}
