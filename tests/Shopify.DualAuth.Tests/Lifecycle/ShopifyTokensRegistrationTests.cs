using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Tests.Lifecycle;

public sealed class ShopifyTokensRegistrationTests
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static void App(ShopifyAppOptions options)
    {
        options.ClientId = "client-id";
        options.ClientSecret = "shpss_registrationSecret";
        options.Scopes = "read_orders";
    }

    [Fact]
    public void IShopifyTokens_is_one_singleton_ShopifyTokens_with_the_in_process_lock()
    {
        using var provider = Build(s => s.AddShopifyDualAuth(App).AddInMemoryTokenStore());

        var tokens = provider.GetRequiredService<IShopifyTokens>();

        Assert.IsType<ShopifyTokens>(tokens);
        Assert.Same(tokens, provider.GetRequiredService<IShopifyTokens>());
        Assert.Same(tokens, provider.GetRequiredService<ShopifyTokens>());
        Assert.IsType<InProcessShopLock>(provider.GetRequiredService<IShopLock>());
    }

    [Fact]
    public void Without_a_store_resolution_fails_naming_the_stores_to_add()
    {
        using var provider = Build(s => s.AddShopifyDualAuth(App));

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IShopifyTokens>());

        Assert.Contains("AddInMemoryTokenStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddSqliteTokenStore(", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisTokenStore(", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddPostgreSqlTokenStore(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_registered_by_the_app_is_kept()
    {
        var custom = new InProcessShopLock();
        using var provider = Build(s =>
        {
            s.AddSingleton<IShopLock>(custom);
            s.AddShopifyDualAuth(App).AddInMemoryTokenStore();
        });

        Assert.Same(custom, provider.GetRequiredService<IShopLock>());
        Assert.NotNull(provider.GetRequiredService<IShopifyTokens>());
    }

    [Fact]
    public void Registering_twice_keeps_one_service()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(App).AddInMemoryTokenStore();
        services.AddShopifyDualAuth(App);

        Assert.Single(services, d => d.ServiceType == typeof(IShopifyTokens));
        Assert.Single(services, d => d.ServiceType == typeof(ShopifyTokens));
        Assert.Single(services, d => d.ServiceType == typeof(IShopLock));
    }
}
