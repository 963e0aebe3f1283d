using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>
/// What the Shopify schemes and filters learned about the current request, kept on
/// <c>HttpContext.Features</c> for the accessors of <c>ShopifyHttpContextExtensions</c>.
/// </summary>
internal sealed class ShopifyRequestFeature
{
    /// <summary>The validated session token, for an embedded request.</summary>
    public SessionToken? SessionToken { get; set; }

    /// <summary>The user's online token, once read or exchanged during this request.</summary>
    public OnlineToken? OnlineToken { get; set; }

    /// <summary>The verified app-proxy parameters.</summary>
    public AppProxyVerificationResult? AppProxy { get; set; }

    public static ShopifyRequestFeature GetOrCreate(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var feature = context.Features.Get<ShopifyRequestFeature>();
        if (feature is null)
        {
            feature = new ShopifyRequestFeature();
            context.Features.Set(feature);
        }

        return feature;
    }
}
