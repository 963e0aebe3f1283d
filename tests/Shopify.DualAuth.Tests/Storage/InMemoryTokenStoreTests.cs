using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Tests.Storage;

public class InMemoryTokenStoreTests
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("memory.myshopify.com");
    private static readonly ScopeSet Scopes = ScopeSet.Parse("read_orders");

    private static OnlineToken Online(long userId, DateTimeOffset expiresAt)
        => new(Shop, "shpua_" + userId, Scopes, Scopes, expiresAt, new ShopifyUser(userId, "A", "B", "a@example.com", true, false, "en", false));

    [Fact]
    public async Task Expired_online_tokens_are_pruned_on_a_later_write_without_being_read()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryTokenStore(clock);
        for (var user = 1; user <= 100; user++)
        {
            await store.SaveOnlineTokenAsync(Online(user, clock.GetUtcNow().AddSeconds(30)), TestContext.Current.CancellationToken);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await store.SaveOnlineTokenAsync(Online(1000, clock.GetUtcNow().AddHours(1)), TestContext.Current.CancellationToken);

        Assert.Equal(1, store.OnlineTokenCount);
    }

    [Fact]
    public async Task Reading_an_expired_online_token_removes_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryTokenStore(clock);
        await store.SaveOnlineTokenAsync(Online(1, clock.GetUtcNow().AddSeconds(1)), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await store.GetOnlineTokenAsync(Shop, 1, TestContext.Current.CancellationToken));
        Assert.Equal(0, store.OnlineTokenCount);
    }

    [Fact]
    public async Task Honours_cancellation()
    {
        var store = new InMemoryTokenStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetOfflineTokenAsync(Shop, cancelled.Token));
    }
}
