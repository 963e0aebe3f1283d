using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Tests.Storage;

public class InProcessShopLockTests
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("lock.myshopify.com");
    private static readonly ShopDomain Other = ShopDomain.Parse("lock-other.myshopify.com");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_held_shop_times_out_for_others_and_frees_on_release()
    {
        var locks = new InProcessShopLock();
        var held = await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct);
        Assert.NotNull(held);

        Assert.Null(await locks.TryAcquireAsync(Shop, TimeSpan.FromMilliseconds(50), Ct));
        await using (var other = await locks.TryAcquireAsync(Other, TimeSpan.Zero, Ct))
        {
            Assert.NotNull(other);
        }

        await held.DisposeAsync();
        await using var again = await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_when_the_holder_releases()
    {
        var locks = new InProcessShopLock();
        var held = await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct);
        var waiting = locks.TryAcquireAsync(Shop, TimeSpan.FromSeconds(30), Ct).AsTask();
        Assert.False(waiting.IsCompleted);

        await held!.DisposeAsync();

        await using var next = await waiting;
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Excludes_concurrent_holders_and_leaves_no_entry_behind()
    {
        var locks = new InProcessShopLock();
        var inside = 0;
        var maxInside = 0;
        var count = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(
            async () =>
            {
                var shop = i % 2 == 0 ? Shop : Other;
                await using var held = await locks.TryAcquireAsync(shop, Timeout.InfiniteTimeSpan, Ct);
                Assert.NotNull(held);
                if (shop == Shop)
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref maxInside, now);
                    var read = count;
                    await Task.Yield();
                    count = read + 1;
                    Interlocked.Decrement(ref inside);
                }
            },
            Ct)));

        Assert.Equal(1, maxInside);
        Assert.Equal(100, count);
        Assert.Equal(0, locks.ActiveShopCount);
    }

    [Fact]
    public async Task Timeouts_and_cancellations_leave_no_entry_behind()
    {
        var locks = new InProcessShopLock();
        var held = await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct);
        Assert.Null(await locks.TryAcquireAsync(Shop, TimeSpan.FromMilliseconds(10), Ct));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await locks.TryAcquireAsync(Shop, Timeout.InfiniteTimeSpan, cancel.Token));
        Assert.Equal(1, locks.ActiveShopCount);

        await held!.DisposeAsync();

        Assert.Equal(0, locks.ActiveShopCount);
    }

    [Fact]
    public async Task Disposing_a_handle_twice_releases_once()
    {
        var locks = new InProcessShopLock();
        var first = await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct);
        await first!.DisposeAsync();
        var second = await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct);

        await first.DisposeAsync();

        Assert.NotNull(second);
        Assert.Null(await locks.TryAcquireAsync(Shop, TimeSpan.Zero, Ct));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Rejects_a_negative_timeout()
    {
        var locks = new InProcessShopLock();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await locks.TryAcquireAsync(Shop, TimeSpan.FromSeconds(-5), Ct));
        Assert.Equal(0, locks.ActiveShopCount);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
