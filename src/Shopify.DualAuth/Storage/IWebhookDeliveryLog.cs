namespace Shopify.DualAuth.Storage;

/// <summary>
/// Remembers which webhook deliveries were already handled, so a delivery Shopify sends again
/// (at-least-once delivery, retries after a slow answer) is acknowledged without running the
/// handlers twice. Keyed by shop and <c>X-Shopify-Webhook-Id</c>, the documented dedupe key.
/// </summary>
/// <remarks>
/// Implementations must be safe for concurrent use; the durable ones (SQLite, Redis, PostgreSQL)
/// share the record between processes, so a fleet handles each delivery once. A record lives for
/// the time to live given when it was made; after that the same ID counts as new again.
/// </remarks>
public interface IWebhookDeliveryLog
{
    /// <summary>The longest webhook ID accepted, in characters. Shopify's are UUIDs.</summary>
    public const int MaxWebhookIdLength = 256;

    /// <summary>
    /// Records a delivery unless it is recorded already; atomic, so of any number of concurrent
    /// calls with one key exactly one returns <see langword="true"/>.
    /// </summary>
    /// <param name="shop">The shop the delivery is for.</param>
    /// <param name="webhookId">The delivery's <c>X-Shopify-Webhook-Id</c>: 1 to <see cref="MaxWebhookIdLength"/> characters.</param>
    /// <param name="timeToLive">How long the record is kept: longer than Shopify keeps retrying (4 hours).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when this is the first time the delivery is seen (within its time to live).</returns>
    /// <exception cref="ArgumentException"><paramref name="webhookId"/> is empty or too long, or <paramref name="timeToLive"/> is not positive.</exception>
    ValueTask<bool> TryRecordAsync(ShopDomain shop, string webhookId, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a delivery's record, so Shopify's next retry of it is handled: called when a handler
    /// failed and the delivery was answered with an error. Removing a missing record does nothing.
    /// </summary>
    /// <param name="shop">The shop the delivery is for.</param>
    /// <param name="webhookId">The delivery's <c>X-Shopify-Webhook-Id</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is gone.</returns>
    ValueTask ForgetAsync(ShopDomain shop, string webhookId, CancellationToken cancellationToken = default);
}
