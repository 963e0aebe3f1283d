using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteTokenStoreRegistrationTests : IDisposable
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("di-sqlite.myshopify.com");
    private readonly TempDirectory _directory = new();

    private string Database => _directory.File("tokens.db");

    private static ShopifyDualAuthBuilder AddShopifyDualAuth(IServiceCollection services)
        => services.AddShopifyDualAuth(o =>
        {
            o.ClientId = "id";
            o.ClientSecret = "secret";
        });

    [Fact]
    public async Task Start_up_fails_without_a_protector_and_names_the_option()
    {
        var services = new ServiceCollection();
        AddShopifyDualAuth(services).AddSqliteTokenStore(o => o.DataSource = Database);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SqliteTokenStoreOptions.AllowPlaintext", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task Starts_with_data_protection_and_encrypts_with_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        AddShopifyDualAuth(services).ProtectTokensWithDataProtection().AddSqliteTokenStore(o => o.DataSource = Database);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var store = provider.GetRequiredService<IShopifyTokenStore>();
        Assert.Same(provider.GetRequiredService<SqliteTokenStore>(), store);
        Assert.IsType<InProcessShopLock>(provider.GetRequiredService<IShopLock>());
        var user = new ShopifyUser(1, "A", "B", "a@example.com", true, false, "en", false);
        await store.SaveOnlineTokenAsync(new OnlineToken(Shop, "shpua_secretvalue", ScopeSet.Empty, ScopeSet.Empty, clock.GetUtcNow().AddMinutes(1), user), TestContext.Current.CancellationToken);

        Assert.NotNull(await store.GetOnlineTokenAsync(Shop, 1, TestContext.Current.CancellationToken));
        Assert.True(TempDirectory.ReadDatabaseBytes(Database).AsSpan().IndexOf("shpua_secretvalue"u8) < 0);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.GetOnlineTokenAsync(Shop, 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Starts_without_a_protector_only_when_plaintext_is_allowed()
    {
        var services = new ServiceCollection();
        AddShopifyDualAuth(services).AddSqliteTokenStore(o =>
        {
            o.DataSource = Database;
            o.AllowPlaintext = true;
        });
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<SqliteTokenStore>(provider.GetRequiredService<IShopifyTokenStore>());
    }

    public void Dispose() => _directory.Dispose();
}
