using Npgsql;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.PostgreSql.Tests;

public sealed class PostgreSqlShopLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PostgreSqlShopLock Lock(NpgsqlDataSource source, string prefix) => new(source, new PostgreSqlShopLockOptions { KeyPrefix = prefix });

    private static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Excludes_a_holder_on_another_pool_until_released()
    {
        var prefix = NewPrefix();
        await using var first = PostgresTestDatabase.OpenSource();
        await using var second = PostgresTestDatabase.OpenSource();
        var shop = TestTokens.NewShop();

        var held = await Lock(first, prefix).TryAcquireAsync(shop, TimeSpan.Zero, Ct);
        Assert.NotNull(held);
        Assert.Null(await Lock(second, prefix).TryAcquireAsync(shop, TimeSpan.FromMilliseconds(200), Ct));

        await held.DisposeAsync();
        var next = await Lock(second, prefix).TryAcquireAsync(shop, TimeSpan.FromSeconds(5), Ct);
        Assert.NotNull(next);
        await next.DisposeAsync();
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_as_soon_as_the_holder_disposes()
    {
        var prefix = NewPrefix();
        await using var first = PostgresTestDatabase.OpenSource();
        await using var second = PostgresTestDatabase.OpenSource();
        var shop = TestTokens.NewShop();
        var held = (await Lock(first, prefix).TryAcquireAsync(shop, TimeSpan.Zero, Ct))!;

        var waiting = Lock(second, prefix).TryAcquireAsync(shop, TimeSpan.FromSeconds(10), Ct).AsTask();
        await Task.Delay(100, Ct);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();

        await using var acquired = await waiting;
        Assert.NotNull(acquired);
    }

    [Fact]
    public async Task Timing_out_returns_null_after_waiting_about_the_timeout()
    {
        var prefix = NewPrefix();
        var shop = TestTokens.NewShop();
        await using var held = await Lock(PostgresTestDatabase.Shared, prefix).TryAcquireAsync(shop, TimeSpan.Zero, Ct);
        Assert.NotNull(held);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Lock(PostgresTestDatabase.Shared, prefix).TryAcquireAsync(shop, TimeSpan.FromMilliseconds(300), Ct);

        Assert.Null(result);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Shops_and_prefixes_do_not_block_each_other()
    {
        var prefix = NewPrefix();
        var shop = TestTokens.NewShop();
        await using var held = await Lock(PostgresTestDatabase.Shared, prefix).TryAcquireAsync(shop, TimeSpan.Zero, Ct);
        Assert.NotNull(held);

        await using var otherShop = await Lock(PostgresTestDatabase.Shared, prefix).TryAcquireAsync(TestTokens.NewShop(), TimeSpan.Zero, Ct);
        await using var otherPrefix = await Lock(PostgresTestDatabase.Shared, NewPrefix()).TryAcquireAsync(shop, TimeSpan.Zero, Ct);
        Assert.NotNull(otherShop);
        Assert.NotNull(otherPrefix);
    }

    [Fact]
    public async Task Holders_on_two_pools_never_overlap()
    {
        var prefix = NewPrefix();
        await using var first = PostgresTestDatabase.OpenSource();
        await using var second = PostgresTestDatabase.OpenSource();
        var locks = new[] { Lock(first, prefix), Lock(second, prefix) };
        var shop = TestTokens.NewShop();
        var inside = 0;
        var overlaps = 0;
        var entries = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(
            async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    await using var handle = await locks[worker % 2].TryAcquireAsync(shop, TimeSpan.FromSeconds(30), Ct);
                    Assert.NotNull(handle);
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    await Task.Delay(5, Ct);
                    Interlocked.Decrement(ref inside);
                    Interlocked.Increment(ref entries);
                }
            },
            Ct)));

        Assert.Equal(0, overlaps);
        Assert.Equal(40, entries);
    }
}
