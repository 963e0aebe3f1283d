using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.Tests.Storage;

public sealed class InMemoryWebhookDeliveryLogTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private InMemoryWebhookDeliveryLog Log() => new(_clock);

    [Fact]
    public Task First_delivery_is_new_and_its_repeats_are_not() => WebhookDeliveryLogChecks.FirstDeliveryIsNewAndItsRepeatsAreNotAsync(Log());

    [Fact]
    public Task Records_are_keyed_by_shop_and_id() => WebhookDeliveryLogChecks.RecordsAreKeyedByShopAndIdAsync(Log());

    [Fact]
    public Task Expired_records_count_as_new()
        => WebhookDeliveryLogChecks.ExpiredRecordsCountAsNewAsync(Log(), TimeSpan.FromHours(5), elapsed =>
        {
            _clock.Advance(elapsed);
            return Task.CompletedTask;
        });

    [Fact]
    public Task Forgotten_deliveries_count_as_new() => WebhookDeliveryLogChecks.ForgottenDeliveriesCountAsNewAsync(Log());

    [Fact]
    public Task Concurrent_first_deliveries_have_exactly_one_winner() => WebhookDeliveryLogChecks.ConcurrentFirstDeliveriesHaveExactlyOneWinnerAsync(Log());

    [Fact]
    public Task Bad_arguments_are_rejected() => WebhookDeliveryLogChecks.BadArgumentsAreRejectedAsync(Log());

    [Fact]
    public async Task Expired_records_are_pruned_as_new_ones_arrive()
    {
        var log = Log();
        var shop = WebhookDeliveryLogChecks.NewShop();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await log.TryRecordAsync(shop, $"old-{i}", TimeSpan.FromMinutes(30), TestContext.Current.CancellationToken));
        }

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await log.TryRecordAsync(shop, "new", TimeSpan.FromMinutes(30), TestContext.Current.CancellationToken));

        Assert.Equal(1, log.Count);
    }
}
