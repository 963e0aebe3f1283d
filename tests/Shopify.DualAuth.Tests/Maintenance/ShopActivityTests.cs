using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Maintenance;

namespace Shopify.DualAuth.Tests.Maintenance;

public sealed class ShopActivityTests
{
    private static readonly ShopDomain A = ShopDomain.Parse("a-b.myshopify.com");
    private static readonly ShopDomain B = ShopDomain.Parse("ab.myshopify.com");
    private static readonly ShopDomain C = ShopDomain.Parse("c.myshopify.com");

    [Fact]
    public void Lists_shops_seen_within_the_window_in_ordinal_order_and_drops_older_ones()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var activity = new ShopActivity(time);
        activity.Record(C);
        time.Advance(TimeSpan.FromMinutes(30));
        activity.Record(B);
        activity.Record(A);
        time.Advance(TimeSpan.FromMinutes(40));

        var active = activity.ActiveSince(time.GetUtcNow() - TimeSpan.FromHours(1));

        // '-' sorts before letters in byte order, not in most locale collations.
        Assert.Equal([A, B], active);
        Assert.Equal(2, activity.Count);
    }

    [Fact]
    public void A_later_call_keeps_a_shop_active_and_forgetting_removes_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var activity = new ShopActivity(time);
        activity.Record(A);
        activity.Record(B);
        time.Advance(TimeSpan.FromMinutes(50));
        activity.Record(A);
        time.Advance(TimeSpan.FromMinutes(20));
        activity.Forget(B);

        Assert.Equal([A], activity.ActiveSince(time.GetUtcNow() - TimeSpan.FromHours(1)));
        Assert.Equal(1, activity.Count);
    }
}
