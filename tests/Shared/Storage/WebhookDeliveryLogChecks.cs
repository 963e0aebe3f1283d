using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.StoreTests;

/// <summary>
/// What every <see cref="IWebhookDeliveryLog"/> must do, run against each implementation by its
/// store's test project. <c>elapse</c> lets time pass: a fake clock's advance, or a real wait for a
/// store whose server expires records by its own clock.
/// </summary>
internal static class WebhookDeliveryLogChecks
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static ShopDomain NewShop() => ShopDomain.Parse($"dedupe-{Guid.NewGuid():N}.myshopify.com");

    public static async Task FirstDeliveryIsNewAndItsRepeatsAreNotAsync(IWebhookDeliveryLog log)
    {
        var shop = NewShop();
        var id = Guid.NewGuid().ToString();
        Assert.True(await log.TryRecordAsync(shop, id, Day));
        Assert.False(await log.TryRecordAsync(shop, id, Day));
        Assert.False(await log.TryRecordAsync(shop, id, Day));
    }

    public static async Task RecordsAreKeyedByShopAndIdAsync(IWebhookDeliveryLog log)
    {
        var shop = NewShop();
        var other = NewShop();
        var id = Guid.NewGuid().ToString();
        Assert.True(await log.TryRecordAsync(shop, id, Day));
        Assert.True(await log.TryRecordAsync(other, id, Day));
        Assert.True(await log.TryRecordAsync(shop, id + "-2", Day));
        Assert.False(await log.TryRecordAsync(other, id, Day));
    }

    public static async Task ExpiredRecordsCountAsNewAsync(IWebhookDeliveryLog log, TimeSpan timeToLive, Func<TimeSpan, Task> elapse)
    {
        var shop = NewShop();
        var id = Guid.NewGuid().ToString();
        Assert.True(await log.TryRecordAsync(shop, id, timeToLive));
        Assert.False(await log.TryRecordAsync(shop, id, timeToLive));
        await elapse(timeToLive + (timeToLive / 4));
        Assert.True(await log.TryRecordAsync(shop, id, Day));
        Assert.False(await log.TryRecordAsync(shop, id, Day));
    }

    public static async Task ForgottenDeliveriesCountAsNewAsync(IWebhookDeliveryLog log)
    {
        var shop = NewShop();
        var id = Guid.NewGuid().ToString();
        await log.ForgetAsync(shop, id);
        Assert.True(await log.TryRecordAsync(shop, id, Day));
        await log.ForgetAsync(shop, id);
        Assert.True(await log.TryRecordAsync(shop, id, Day));
        Assert.False(await log.TryRecordAsync(shop, id, Day));
    }

    public static async Task ConcurrentFirstDeliveriesHaveExactlyOneWinnerAsync(IWebhookDeliveryLog log)
    {
        var shop = NewShop();
        var id = Guid.NewGuid().ToString();
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 32)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await log.TryRecordAsync(shop, id, Day);
            }))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(first => first));
    }

    public static async Task BadArgumentsAreRejectedAsync(IWebhookDeliveryLog log)
    {
        var shop = NewShop();
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await log.TryRecordAsync(shop, string.Empty, Day));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await log.TryRecordAsync(shop, new string('x', IWebhookDeliveryLog.MaxWebhookIdLength + 1), Day));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await log.TryRecordAsync(shop, "id", TimeSpan.Zero));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await log.ForgetAsync(shop, string.Empty));

        // The longest accepted ID round-trips.
        var longest = new string('w', IWebhookDeliveryLog.MaxWebhookIdLength);
        Assert.True(await log.TryRecordAsync(shop, longest, Day));
        Assert.False(await log.TryRecordAsync(shop, longest, Day));
    }
}
