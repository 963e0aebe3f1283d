using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Shopify.DualAuth.AspNetCore.AppProxy;

// Found next to MapGet and RequireAuthorization, without a using.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Protects endpoints reached through a Shopify app proxy.</summary>
public static class AppProxyEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires a valid app-proxy signature (protocol: sorted, undelimited, hex HMAC over the query,
    /// timestamp within <c>RequestMaxAge</c>); other requests get 401. The signature is the request's
    /// authentication, so the endpoint is also marked anonymous for the app's authorization policies.
    /// Read the shop and customer with <c>HttpContext.GetShopifyAppProxy()</c>. Applies to minimal-API
    /// endpoints and route groups (endpoint filters).
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder RequireShopifyAppProxy<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilter(new AppProxyEndpointFilter());
        builder.WithMetadata(new AllowAnonymousAttribute());
        return builder;
    }
}
