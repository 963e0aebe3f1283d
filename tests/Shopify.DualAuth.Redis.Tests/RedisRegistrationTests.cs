using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.Redis.Tests;

public sealed class RedisRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registers_a_working_store_and_a_lock_that_shares_its_connection()
    {
        var prefix = RedisTestServer.NewPrefix();
        var services = App();
        services.AddSingleton<ITokenProtector, AesGcmTestProtector>();
        services.AddShopifyDualAuth(ValidApp)
            .AddRedisTokenStore(o =>
            {
                o.Configuration = TestServers.Redis;
                o.KeyPrefix = prefix;
            })
            .AddRedisShopLock(o => o.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var store = Assert.IsType<RedisTokenStore>(provider.GetRequiredService<IShopifyTokenStore>());
        var shop = TestTokens.NewShop();
        var token = TestTokens.Expiring(shop, DateTimeOffset.UtcNow);
        await store.SaveOfflineTokenAsync(token, Ct);
        Assert.Equal(token, await store.GetOfflineTokenAsync(shop, Ct));
        Assert.NotEmpty(await RedisTestServer.KeysAsync(prefix));

        var shopLock = Assert.IsType<RedisShopLock>(provider.GetRequiredService<IShopLock>());
        await using var held = await shopLock.TryAcquireAsync(shop, TimeSpan.Zero, Ct);
        Assert.NotNull(held);
        await store.DeleteShopAsync(shop, Ct);
    }

    [Fact]
    public void Start_up_fails_without_a_protector_and_says_how_to_fix_it()
    {
        var services = App();
        services.AddShopifyDualAuth(ValidApp).AddRedisTokenStore(o => o.Configuration = TestServers.Redis);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("ITokenProtector", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPlaintext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_reports_a_bad_prefix_and_a_missing_connection()
    {
        var services = App();
        services.AddShopifyDualAuth(ValidApp).AddRedisTokenStore(o =>
        {
            o.KeyPrefix = "not valid";
            o.AllowPlaintext = true;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("KeyPrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintext_is_accepted_when_allowed_explicitly()
    {
        var services = App();
        services.AddShopifyDualAuth(ValidApp).AddRedisTokenStore(o =>
        {
            o.Configuration = TestServers.Redis;
            o.AllowPlaintext = true;
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<RedisTokenStore>(provider.GetRequiredService<IShopifyTokenStore>());
    }

    private static ServiceCollection App()
    {
        var services = new ServiceCollection();
        return services;
    }

    private static void ValidApp(ShopifyAppOptions options)
    {
        options.ClientId = "client-id";
        options.ClientSecret = "client-secret";
        options.Scopes = "read_orders";
    }
}
