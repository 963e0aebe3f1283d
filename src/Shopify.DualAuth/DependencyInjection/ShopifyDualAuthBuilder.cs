using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.DependencyInjection;

/// <summary>
/// Returned by <c>AddShopifyDualAuth</c>; the packages for stores, locks and ASP.NET Core add their
/// registration methods to it.
/// </summary>
public sealed class ShopifyDualAuthBuilder
{
    internal ShopifyDualAuthBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Points every shop at other endpoints than Shopify's production ones, for example the
    /// <c>ShopifyEmulator</c> in tests and samples. The client secret is sent there: configure it in
    /// code or configuration only, never from request data.
    /// </summary>
    /// <param name="endpoints">Maps each shop to its base address.</param>
    /// <returns>This builder.</returns>
    public ShopifyDualAuthBuilder UseEndpoints(IShopifyEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Services.Replace(ServiceDescriptor.Singleton(endpoints));
        return this;
    }

    /// <summary>Changes how calls to Shopify's token endpoint are retried and timed out.</summary>
    /// <param name="configure">Sets the retry options; validated when the host starts.</param>
    /// <returns>This builder.</returns>
    public ShopifyDualAuthBuilder ConfigureHttpRetry(Action<ShopifyHttpRetryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
