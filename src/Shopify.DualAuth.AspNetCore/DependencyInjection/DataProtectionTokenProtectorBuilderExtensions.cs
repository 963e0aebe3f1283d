using Microsoft.Extensions.DependencyInjection.Extensions;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Storage;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers token encryption with ASP.NET Core Data Protection.</summary>
public static class DataProtectionTokenProtectorBuilderExtensions
{
    /// <summary>
    /// Encrypts stored tokens with ASP.NET Core Data Protection (<see cref="DataProtectionTokenProtector"/>),
    /// replacing any <see cref="ITokenProtector"/> registered before. Adds Data Protection's services
    /// if the app has not; configure where its key ring lives with <c>services.AddDataProtection()</c>,
    /// since tokens can be read only with the keys that protected them.
    /// </summary>
    /// <param name="builder">The Shopify.DualAuth builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder ProtectTokensWithDataProtection(this ShopifyDualAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDataProtection();
        builder.Services.RemoveAll<ITokenProtector>();
        builder.Services.AddSingleton<ITokenProtector, DataProtectionTokenProtector>();
        return builder;
    }
}
