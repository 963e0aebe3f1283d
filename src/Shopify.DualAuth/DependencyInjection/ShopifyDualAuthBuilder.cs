using Microsoft.Extensions.DependencyInjection;

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
}
