using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.AppProxy;

/// <summary>
/// Lets a request through only when its app-proxy <c>signature</c> verifies; 401 otherwise. The verified
/// shop, <c>logged_in_customer_id</c> and <c>path_prefix</c> are then available from
/// <c>HttpContext.GetShopifyAppProxy()</c>.
/// </summary>
internal sealed class AppProxyEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var verifier = http.RequestServices.GetRequiredService<ShopifyRequestVerifier>();

        // The raw query: repeated keys are signed joined in arrival order, which only it preserves.
        var verdict = verifier.VerifyAppProxy(http.Request.QueryString.Value.AsSpan());
        if (!verdict.IsValid)
        {
            http.RequestServices.GetRequiredService<ILogger<AppProxyEndpointFilter>>().AppProxyRejected(verdict.Failure, verdict.Parameter);
            return Results.Unauthorized();
        }

        ShopifyRequestFeature.GetOrCreate(http).AppProxy = verdict;
        return await next(context).ConfigureAwait(false);
    }
}
