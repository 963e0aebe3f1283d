namespace Shopify.DualAuth.Storage;

/// <summary>The argument rules every <see cref="IWebhookDeliveryLog"/> applies; compiled into each package that implements one.</summary>
internal static class WebhookDeliveryLogArguments
{
    /// <summary>Throws unless the arguments of <see cref="IWebhookDeliveryLog.TryRecordAsync"/> are acceptable.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="webhookId">The webhook ID.</param>
    /// <param name="timeToLive">The record's time to live.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shop"/> or <paramref name="webhookId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="webhookId"/> is empty or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is not positive.</exception>
    public static void ValidateRecord(ShopDomain shop, string webhookId, TimeSpan timeToLive)
    {
        ValidateKey(shop, webhookId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
    }

    /// <summary>Throws unless the key of a record is acceptable.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="webhookId">The webhook ID.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shop"/> or <paramref name="webhookId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="webhookId"/> is empty or too long.</exception>
    public static void ValidateKey(ShopDomain shop, string webhookId)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        if (webhookId.Length > IWebhookDeliveryLog.MaxWebhookIdLength)
        {
            throw new ArgumentException($"A webhook ID has at most {IWebhookDeliveryLog.MaxWebhookIdLength} characters.", nameof(webhookId));
        }
    }
}
