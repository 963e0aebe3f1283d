using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.PostgreSql.Tests;

public sealed class PostgreSqlRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registers_a_working_store_and_a_lock_that_shares_its_connection_string()
    {
        await using var db = PostgresTestDatabase.WithNewSchema();
        var services = new ServiceCollection();
        services.AddSingleton<ITokenProtector>(AesGcmTestProtector.Shared);
        services.AddShopifyDualAuth(ValidApp)
            .AddPostgreSqlTokenStore(o =>
            {
                o.ConnectionString = TestServers.Postgres;
                o.Schema = db.Schema;
            })
            .AddPostgreSqlShopLock();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var store = Assert.IsType<PostgreSqlTokenStore>(provider.GetRequiredService<IShopifyTokenStore>());
        var token = TestTokens.Expiring(TestTokens.NewShop(), DateTimeOffset.UtcNow);
        await store.SaveOfflineTokenAsync(token, Ct);
        Assert.Equal(token, await store.GetOfflineTokenAsync(token.Shop, Ct));
        Assert.Equal(1, await db.CountAsync("offline_tokens"));

        var shopLock = Assert.IsType<PostgreSqlShopLock>(provider.GetRequiredService<IShopLock>());
        await using var held = await shopLock.TryAcquireAsync(token.Shop, TimeSpan.Zero, Ct);
        Assert.NotNull(held);
    }

    [Fact]
    public void Start_up_fails_without_a_protector_and_says_how_to_fix_it()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(ValidApp).AddPostgreSqlTokenStore(o => o.ConnectionString = TestServers.Postgres);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("ITokenProtector", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPlaintext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_reports_a_bad_schema_a_bad_interval_and_a_missing_connection()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(ValidApp)
            .AddPostgreSqlTokenStore(o =>
            {
                o.Schema = "Bad-Name";
                o.OnlineTokenCleanupInterval = TimeSpan.Zero;
                o.AllowPlaintext = true;
            })
            .AddPostgreSqlShopLock();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnlineTokenCleanupInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionString is not set", error.Message, StringComparison.Ordinal);
    }

    private static void ValidApp(ShopifyAppOptions options)
    {
        options.ClientId = "client-id";
        options.ClientSecret = "client-secret";
        options.Scopes = "read_orders";
    }
}
