using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Maintenance;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.Maintenance;

public sealed class MaintenanceRegistrationTests
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("busy.myshopify.com");

    private static void App(ShopifyAppOptions options)
    {
        options.ClientId = "client-id";
        options.ClientSecret = "shpss_maintenanceSecret";
        options.Scopes = "read_orders";
    }

    [Fact]
    public async Task App_code_asking_for_a_shop_marks_it_active_and_uninstalling_forgets_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddShopifyDualAuth(App).AddInMemoryTokenStore().AddBackgroundRefresh();
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<IShopifyTokens>();
        var activity = provider.GetRequiredService<ShopActivity>();

        // Asked for, even though not installed: the request is what makes a shop busy.
        await Assert.ThrowsAsync<ShopNotInstalledException>(() => tokens.GetOfflineTokenAsync(Shop, TestContext.Current.CancellationToken).AsTask());
        Assert.Equal([Shop], activity.ActiveSince(time.GetUtcNow()));

        await tokens.UninstallAsync(Shop, TestContext.Current.CancellationToken);
        Assert.Empty(activity.ActiveSince(time.GetUtcNow() - TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task An_IShopifyTokens_the_app_registered_is_the_one_wrapped()
    {
        var custom = new RecordingTokens();
        var services = new ServiceCollection();
        var builder = services.AddShopifyDualAuth(App).AddInMemoryTokenStore();
        services.AddSingleton<IShopifyTokens>(custom);
        builder.AddBackgroundRefresh();
        await using var provider = services.BuildServiceProvider();

        var tokens = provider.GetRequiredService<IShopifyTokens>();
        await tokens.GetOfflineTokenAsync(Shop, TestContext.Current.CancellationToken);

        Assert.NotSame(custom, tokens);
        Assert.Equal(1, custom.OfflineCalls);
        Assert.Equal([Shop], provider.GetRequiredService<ShopActivity>().ActiveSince(DateTimeOffset.MinValue));
        Assert.Same(custom, ActivityRecordingShopifyTokens.Unwrap(tokens));
    }

    [Theory]
    [InlineData(0.5, 30.0, 60.0, 4, 100, "Interval")]
    [InlineData(86401.0, 30.0, 60.0, 4, 100, "Interval")]
    [InlineData(60.0, 0.01, 60.0, 4, 100, "RefreshTokenMargin")]
    [InlineData(60.0, 89.5, 60.0, 4, 100, "RefreshTokenMargin")]
    [InlineData(60.0, 30.0, -1.0, 4, 100, "ActivityWindow")]
    [InlineData(60.0, 30.0, 60.0, 0, 100, "MaxConcurrency")]
    [InlineData(60.0, 30.0, 60.0, 65, 100, "MaxConcurrency")]
    [InlineData(60.0, 30.0, 60.0, 4, 0, "PageSize")]
    [InlineData(60.0, 30.0, 60.0, 4, 1001, "PageSize")]
    public void Refresh_options_outside_their_range_are_refused_by_name(double intervalSeconds, double marginDays, double windowMinutes, int concurrency, int pageSize, string setting)
    {
        var options = new OfflineTokenRefreshOptions
        {
            Interval = TimeSpan.FromSeconds(intervalSeconds),
            RefreshTokenMargin = TimeSpan.FromDays(marginDays),
            ActivityWindow = TimeSpan.FromMinutes(windowMinutes),
            MaxConcurrency = concurrency,
            PageSize = pageSize,
        };

        var result = new MaintenanceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Single(result.Failures!);
        Assert.Contains("OfflineTokenRefreshOptions." + setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_and_an_activity_window_of_zero_are_valid()
    {
        var validator = new MaintenanceOptionsValidator();

        Assert.True(validator.Validate(null, new OfflineTokenRefreshOptions()).Succeeded);
        Assert.True(validator.Validate(null, new OfflineTokenRefreshOptions { ActivityWindow = TimeSpan.Zero }).Succeeded);
        Assert.True(validator.Validate(null, new OfflineTokenMigrationOptions()).Succeeded);
        var refused = validator.Validate(null, new OfflineTokenMigrationOptions { MaxConcurrency = 0, PageSize = 5000 });
        Assert.Equal(2, refused.Failures!.Count());
    }

    [Fact]
    public async Task The_migrator_is_registered_once_and_its_options_are_validated_at_start()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(App).AddInMemoryTokenStore()
            .AddOfflineTokenMigrator()
            .AddOfflineTokenMigrator(o => o.MaxConcurrency = 100);
        await using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(OfflineTokenMigrator));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("OfflineTokenMigrationOptions.MaxConcurrency", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingTokens : IShopifyTokens
    {
        public int OfflineCalls { get; private set; }

        public Task<DualTokens> InstallAsync(SessionToken sessionToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<AuthorizationCodeGrant> CompleteAuthorizationAsync(ShopDomain shop, string code, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<OfflineToken> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
        {
            OfflineCalls++;
            return ValueTask.FromResult(new OfflineToken(shop, "shpat_custom", ScopeSet.Parse("read_orders")));
        }

        public ValueTask<OnlineToken> GetOnlineTokenAsync(SessionToken sessionToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task UninstallAsync(ShopDomain shop, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<ScopeCheckResult> CheckScopesAsync(ShopDomain shop, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
