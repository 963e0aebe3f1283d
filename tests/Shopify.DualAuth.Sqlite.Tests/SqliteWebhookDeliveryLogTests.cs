using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteWebhookDeliveryLogTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private SqliteTokenStoreOptions Options => new() { DataSource = _directory.File("nested/tokens.db") };

    private SqliteWebhookDeliveryLog Log() => new(Options, _clock);

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
    public async Task Two_logs_on_one_file_share_their_records_and_leave_the_token_store_working()
    {
        var shop = WebhookDeliveryLogChecks.NewShop();
        Assert.True(await Log().TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
        Assert.False(await Log().TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));

        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Options.DataSource, AllowPlaintext = true }, protector: null, _clock);
        var token = new OfflineToken(shop, "shpat_token", ScopeSet.Parse("read_orders"));
        await store.SaveOfflineTokenAsync(token, TestContext.Current.CancellationToken);
        Assert.Equal(token, await store.GetOfflineTokenAsync(shop, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Registration_uses_the_token_store_file()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddShopifyDualAuth(o =>
            {
                o.ClientId = "id";
                o.ClientSecret = "secret";
            })
            .AddSqliteTokenStore(o =>
            {
                o.DataSource = Options.DataSource;
                o.AllowPlaintext = true;
            })
            .AddSqliteWebhookDeliveryLog();
        await using var provider = services.BuildServiceProvider();

        var log = Assert.IsType<SqliteWebhookDeliveryLog>(provider.GetRequiredService<IWebhookDeliveryLog>());
        var shop = WebhookDeliveryLogChecks.NewShop();
        Assert.True(await log.TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
        Assert.False(await Log().TryRecordAsync(shop, "delivery-1", TimeSpan.FromDays(1), TestContext.Current.CancellationToken));
    }

    public void Dispose() => _directory.Dispose();
}
