using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>The context of <see cref="ShopifySessionTokenEvents.OnMessageReceived"/>.</summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
public sealed class SessionTokenMessageReceivedContext(HttpContext context, AuthenticationScheme scheme, ShopifySessionTokenOptions options)
    : ResultContext<ShopifySessionTokenOptions>(context, scheme, options)
{
    /// <summary>The raw session token to validate instead of the one in the request; <see langword="null"/> reads it from the request.</summary>
    public string? Token { get; set; }
}
