using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.Redis.Tests;

public sealed class RedisWebhookDeliveryLogTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix();

    private RedisWebhookDeliveryLog Log() => new(RedisTestServer.Shared, new RedisTokenStoreOptions { KeyPrefix = _prefix });

    [Fact]
    public Task First_delivery_is_new_and_its_repeats_are_not() => WebhookDeliveryLogChecks.FirstDeliveryIsNewAndItsRepeatsAreNotAsync(Log());

    [Fact]
    public Task Records_are_keyed_by_shop_and_id() => WebhookDeliveryLogChecks.RecordsAreKeyedByShopAndIdAsync(Log());

    // Redis expires the record by its own clock: real time has to pass.
    [Fact]
    public Task Expired_records_count_as_new()
        => WebhookDeliveryLogChecks.ExpiredRecordsCountAsNewAsync(Log(), TimeSpan.FromMilliseconds(400), elapsed => Task.Delay(elapsed, TestContext.Current.CancellationToken));

    [Fact]
    public Task Forgotten_deliveries_count_as_new() => WebhookDeliveryLogChecks.ForgottenDeliveriesCountAsNewAsync(Log());

    [Fact]
    public Task Concurrent_first_deliveries_have_exactly_one_winner() => WebhookDeliveryLogChecks.ConcurrentFirstDeliveriesHaveExactlyOneWinnerAsync(Log());

    [Fact]
    public Task Bad_arguments_are_rejected() => WebhookDeliveryLogChecks.BadArgumentsAreRejectedAsync(Log());

    [Fact]
    public async Task Records_live_under_the_prefix_hash_tag_and_expire_by_themselves()
    {
        var shop = WebhookDeliveryLogChecks.NewShop();
        Assert.True(await Log().TryRecordAsync(shop, "delivery-1", TimeSpan.FromHours(6), TestContext.Current.CancellationToken));

        var key = Assert.Single(await RedisTestServer.KeysAsync(_prefix));
        Assert.Equal("{" + _prefix + "}:webhook:" + shop.Value + ":delivery-1", key.ToString());
        var ttl = await RedisTestServer.Shared.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(5.9), TimeSpan.FromHours(6));
    }

    [Fact]
    public async Task Registration_uses_the_token_store_connection_and_prefix()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(o =>
            {
                o.ClientId = "id";
                o.ClientSecret = "secret";
            })
            .AddRedisTokenStore(o =>
            {
                o.Configuration = TestServers.Redis;
                o.KeyPrefix = _prefix;
                o.AllowPlaintext = true;
            })
            .AddRedisWebhookDeliveryLog();
        await using var provider = services.BuildServiceProvider();

        var log = Assert.IsType<RedisWebhookDeliveryLog>(provider.GetRequiredService<IWebhookDeliveryLog>());
        var shop = WebhookDeliveryLogChecks.NewShop();
        Assert.True(await log.TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
        Assert.False(await Log().TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
    }
}
