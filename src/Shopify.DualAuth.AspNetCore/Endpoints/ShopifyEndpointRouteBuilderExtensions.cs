using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.AspNetCore.Endpoints;
using Shopify.DualAuth.AspNetCore.Webhooks;

// Found next to MapGet, without a using.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the endpoints of Shopify's install flows and webhooks.</summary>
public static class ShopifyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the flow endpoints at the paths of <see cref="ShopifyAspNetCoreOptions"/>: the code grant's
    /// install (<c>/auth/install</c>) and callback (<c>/auth/callback</c>), and the session-token
    /// bounce page (<c>/auth/session-token</c>). They authenticate requests by Shopify's signatures,
    /// so they are open to anonymous users whatever the app's authorization policies.
    /// </summary>
    /// <param name="endpoints">The app's endpoint builder.</param>
    /// <returns>A builder for conventions on all three endpoints.</returns>
    public static IEndpointConventionBuilder MapShopifyDualAuth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ShopifyAspNetCoreOptions>>().Value;
        var group = endpoints.MapGroup(string.Empty);
        group.MapGet(options.InstallPath, static context => context.RequestServices.GetRequiredService<InstallEndpoint>().HandleAsync(context));
        group.MapGet(options.CallbackPath, static context => context.RequestServices.GetRequiredService<CallbackEndpoint>().HandleAsync(context));
        group.MapGet(options.SessionTokenPath, static context => context.RequestServices.GetRequiredService<SessionTokenBounceEndpoint>().HandleAsync(context));
        group.AllowAnonymous().ExcludeFromDescription();
        return group;
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c> for every webhook topic: the signature over the raw body is verified
    /// first (401 otherwise), repeated deliveries are acknowledged without handling, and the handlers
    /// registered with <c>AddWebhookHandler</c> run; topics without handlers, the compliance topics
    /// included, are acknowledged with 200. Open to anonymous users: the signature authenticates.
    /// </summary>
    /// <param name="endpoints">The app's endpoint builder.</param>
    /// <param name="pattern">The route, for example <c>/webhooks</c> (Shopify CLI apps default to <c>/api/webhooks</c>).</param>
    /// <returns>A builder for conventions on the endpoint.</returns>
    public static IEndpointConventionBuilder MapShopifyWebhooks(this IEndpointRouteBuilder endpoints, string pattern = "/webhooks")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return endpoints
            .MapPost(pattern, static context => context.RequestServices.GetRequiredService<WebhookEndpoint>().HandleAsync(context))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
