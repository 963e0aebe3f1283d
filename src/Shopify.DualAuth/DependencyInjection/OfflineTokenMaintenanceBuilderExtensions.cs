using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Maintenance;
using Shopify.DualAuth.Storage;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers background refresh of offline tokens and the migration of legacy ones.</summary>
public static class OfflineTokenMaintenanceBuilderExtensions
{
    /// <summary>
    /// Runs <see cref="OfflineTokenRefreshService"/> as a hosted service: it keeps idle shops' 90-day
    /// refresh chains alive and active shops' access tokens ahead of their expiry. The shops this
    /// process's app code asks for tokens count as active, so the <see cref="IShopifyTokens"/>
    /// registered so far is wrapped to record them; register any replacement of it before this call.
    /// The options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the interval, margin, activity window and concurrency; optional.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddBackgroundRefresh(this ShopifyDualAuthBuilder builder, Action<OfflineTokenRefreshOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<OfflineTokenRefreshOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OfflineTokenRefreshOptions>, MaintenanceOptionsValidator>());
        RecordActivity(services);
        services.AddHostedService(static sp => new OfflineTokenRefreshService(
            sp.GetRequiredService<IShopifyTokens>(),
            sp.GetRequiredService<IShopifyTokenStore>(),
            sp.GetRequiredService<ShopActivity>(),
            sp.GetRequiredService<IOptionsMonitor<OfflineTokenRefreshOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<ShopifyAppOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OfflineTokenRefreshService>>()));
        return builder;
    }

    /// <summary>
    /// Registers <see cref="OfflineTokenMigrator"/>, which migrates every legacy non-expiring offline
    /// token in the store to an expiring one: resolve it and call
    /// <see cref="OfflineTokenMigrator.MigrateAllAsync"/> from a job or an admin endpoint.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the concurrency and page size; optional.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddOfflineTokenMigrator(this ShopifyDualAuthBuilder builder, Action<OfflineTokenMigrationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<OfflineTokenMigrationOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OfflineTokenMigrationOptions>, MaintenanceOptionsValidator>());
        services.TryAddSingleton(static sp => new OfflineTokenMigrator(
            sp.GetRequiredService<IShopifyTokens>(),
            sp.GetRequiredService<IShopifyTokenStore>(),
            sp.GetRequiredService<IOptionsMonitor<ShopifyAppOptions>>(),
            sp.GetRequiredService<IOptions<OfflineTokenMigrationOptions>>(),
            sp.GetRequiredService<ILogger<OfflineTokenMigrator>>()));
        return builder;
    }

    // Wraps the registered IShopifyTokens once, whatever form its registration takes.
    private static void RecordActivity(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(ShopActivity)))
        {
            return;
        }

        services.AddSingleton(static sp => new ShopActivity(sp.GetRequiredService<TimeProvider>()));
        var registered = services.LastOrDefault(static d => d.ServiceType == typeof(IShopifyTokens) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("AddBackgroundRefresh needs the IShopifyTokens that AddShopifyDualAuth registers; it was removed from the service collection.");
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(
            typeof(IShopifyTokens),
            sp => new ActivityRecordingShopifyTokens(Create(registered, sp), sp.GetRequiredService<ShopActivity>()),
            registered.Lifetime));
    }

    private static IShopifyTokens Create(ServiceDescriptor registered, IServiceProvider services)
        => (IShopifyTokens)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}
