using Microsoft.Extensions.DependencyInjection.Extensions;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Storage;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the in-memory token store.</summary>
public static class InMemoryTokenStoreBuilderExtensions
{
    /// <summary>
    /// Keeps tokens in process memory (<see cref="InMemoryTokenStore"/>): for tests and
    /// single-process development only, since every token is lost on restart. Replaces any token
    /// store registered before, and registers <see cref="InProcessShopLock"/> as the
    /// <see cref="IShopLock"/> unless one is registered already.
    /// </summary>
    /// <param name="builder">The Shopify.DualAuth builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddInMemoryTokenStore(this ShopifyDualAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.RemoveAll<InMemoryTokenStore>();
        services.AddSingleton(sp => new InMemoryTokenStore(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.RemoveAll<IShopifyTokenStore>();
        services.AddSingleton<IShopifyTokenStore>(sp => sp.GetRequiredService<InMemoryTokenStore>());
        services.TryAddSingleton<IShopLock, InProcessShopLock>();
        return builder;
    }
}
