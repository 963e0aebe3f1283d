using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Tests.Storage;

public class InMemoryTokenStoreRegistrationTests
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("di.myshopify.com");

    private static Shopify.DualAuth.DependencyInjection.ShopifyDualAuthBuilder AddShopifyDualAuth(IServiceCollection services)
        => services.AddShopifyDualAuth(o =>
        {
            o.ClientId = "id";
            o.ClientSecret = "secret";
        });

    [Fact]
    public async Task Registers_one_store_on_the_registered_clock_and_the_in_process_lock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        AddShopifyDualAuth(services).AddInMemoryTokenStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IShopifyTokenStore>();
        Assert.IsType<InMemoryTokenStore>(store);
        Assert.Same(store, provider.GetRequiredService<InMemoryTokenStore>());
        Assert.IsType<InProcessShopLock>(provider.GetRequiredService<IShopLock>());

        var user = new ShopifyUser(1, "A", "B", "a@example.com", true, false, "en", false);
        await store.SaveOnlineTokenAsync(new OnlineToken(Shop, "shpua_x", ScopeSet.Empty, ScopeSet.Empty, clock.GetUtcNow().AddMinutes(1), user), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.GetOnlineTokenAsync(Shop, 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Keeps_a_lock_registered_before_and_replaces_an_earlier_store()
    {
        var services = new ServiceCollection();
        var existingLock = new InProcessShopLock();
        services.AddSingleton<IShopLock>(existingLock);
        services.AddSingleton<IShopifyTokenStore>(new UnusableStore());
        AddShopifyDualAuth(services).AddInMemoryTokenStore();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(existingLock, provider.GetRequiredService<IShopLock>());
        Assert.IsType<InMemoryTokenStore>(Assert.Single(provider.GetServices<IShopifyTokenStore>()));
    }

    private sealed class UnusableStore : IShopifyTokenStore
    {
        public ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
