using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.PostgreSql.Tests;

public sealed class PostgreSqlWebhookDeliveryLogTests : IAsyncDisposable
{
    private readonly PostgresTestDatabase _db = PostgresTestDatabase.WithNewSchema();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private PostgreSqlWebhookDeliveryLog Log() => new(PostgresTestDatabase.Shared, new PostgreSqlTokenStoreOptions { Schema = _db.Schema }, _clock);

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
    public async Task Instances_starting_together_create_the_table_once_and_share_records()
    {
        var logs = Enumerable.Range(0, 8).Select(_ => Log()).ToArray();
        var shop = WebhookDeliveryLogChecks.NewShop();
        var results = await Task.WhenAll(logs.Select(log => log.TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken).AsTask()));

        Assert.Equal(1, results.Count(first => first));
        Assert.Equal(1, await _db.CountAsync("webhook_deliveries"));
    }

    [Fact]
    public async Task Expired_records_are_deleted_about_hourly()
    {
        var log = Log();
        var shop = WebhookDeliveryLogChecks.NewShop();
        Assert.True(await log.TryRecordAsync(shop, "old", TimeSpan.FromMinutes(30), TestContext.Current.CancellationToken));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await log.TryRecordAsync(shop, "new", TimeSpan.FromMinutes(30), TestContext.Current.CancellationToken));

        Assert.Equal(1, await _db.CountAsync("webhook_deliveries"));
    }

    [Fact]
    public async Task Registration_uses_the_token_store_connection_and_schema()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(o =>
            {
                o.ClientId = "id";
                o.ClientSecret = "secret";
            })
            .AddPostgreSqlTokenStore(o =>
            {
                o.ConnectionString = TestServers.Postgres;
                o.Schema = _db.Schema;
                o.AllowPlaintext = true;
            })
            .AddPostgreSqlWebhookDeliveryLog();
        await using var provider = services.BuildServiceProvider();

        var log = Assert.IsType<PostgreSqlWebhookDeliveryLog>(provider.GetRequiredService<IWebhookDeliveryLog>());
        var shop = WebhookDeliveryLogChecks.NewShop();
        Assert.True(await log.TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
        Assert.False(await Log().TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
