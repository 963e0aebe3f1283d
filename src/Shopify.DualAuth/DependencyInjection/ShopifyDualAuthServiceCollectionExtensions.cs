using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Verification;

// Extension methods on IServiceCollection live in its namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers Shopify.DualAuth's services.</summary>
public static class ShopifyDualAuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers Shopify.DualAuth with options bound from <paramref name="configuration"/> (usually
    /// <c>builder.Configuration.GetSection("Shopify")</c>), validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding <see cref="Shopify.DualAuth.ShopifyAppOptions"/>.</param>
    /// <returns>A builder for stores, locks and integrations.</returns>
    public static ShopifyDualAuthBuilder AddShopifyDualAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Keys bound from the configuration root have no prefix; naming them "Shopify:..." in a
        // validation message would send the developer to a key that does not exist.
        var path = configuration is IConfigurationSection section ? section.Path : string.Empty;
        services.AddOptions<Shopify.DualAuth.ShopifyAppOptions>().Bind(configuration);
        return AddCore(services, path);
    }

    /// <summary>Registers Shopify.DualAuth with options set in code, validated when the host starts.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for stores, locks and integrations.</returns>
    public static ShopifyDualAuthBuilder AddShopifyDualAuth(this IServiceCollection services, Action<Shopify.DualAuth.ShopifyAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<Shopify.DualAuth.ShopifyAppOptions>().Configure(configure);
        return AddCore(services, Shopify.DualAuth.ShopifyAppOptions.SectionName);
    }

    internal const string MissingStoreMessage =
        "IShopifyTokens needs a token store, and none is registered. Add one after AddShopifyDualAuth(...): "
        + "AddInMemoryTokenStore() for tests and single-process development, AddSqliteTokenStore(...) (package Shopify.DualAuth.Sqlite) for one server, "
        + "or AddRedisTokenStore(...) / AddPostgreSqlTokenStore(...) (packages Shopify.DualAuth.Redis / Shopify.DualAuth.PostgreSql) for a fleet; "
        + "or register your own IShopifyTokenStore.";

    private static ShopifyDualAuthBuilder AddCore(IServiceCollection services, string sectionPath)
    {
        services.AddOptions<Shopify.DualAuth.ShopifyAppOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Shopify.DualAuth.ShopifyAppOptions>>(new Shopify.DualAuth.ShopifyAppOptionsValidator(sectionPath)));
        services.TryAddSingleton(TimeProvider.System);

        // Factories, not type registrations: both services also have a constructor taking
        // ShopifyAppOptions, and an app that registers ShopifyAppOptions itself would make
        // constructor selection ambiguous and fail at the first resolution.
        services.TryAddSingleton(static sp => new ShopifyRequestVerifier(
            sp.GetRequiredService<IOptionsMonitor<Shopify.DualAuth.ShopifyAppOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new SessionTokenValidator(
            sp.GetRequiredService<IOptionsMonitor<Shopify.DualAuth.ShopifyAppOptions>>(),
            sp.GetRequiredService<TimeProvider>()));

        ShopifyOAuthHttpClientRegistration.Register(services);

        // The lifecycle needs a store, which only the app can choose; an in-process lock is right
        // for one server, and the fleet packages replace it.
        services.TryAddSingleton<IShopLock, InProcessShopLock>();
        services.TryAddSingleton(static sp => new ShopifyTokens(
            sp.GetRequiredService<ShopifyOAuthClient>(),
            sp.GetService<IShopifyTokenStore>() ?? throw new InvalidOperationException(MissingStoreMessage),
            sp.GetRequiredService<IShopLock>(),
            sp.GetRequiredService<IOptionsMonitor<Shopify.DualAuth.ShopifyAppOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ShopifyTokens>>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IShopifyTokens>(static sp => sp.GetRequiredService<ShopifyTokens>());
        return new ShopifyDualAuthBuilder(services);
    }
}
