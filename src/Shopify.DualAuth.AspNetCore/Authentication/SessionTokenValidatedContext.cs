using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>The context of <see cref="ShopifySessionTokenEvents.OnTokenValidated"/>; <see cref="ResultContext{TOptions}.Principal"/> is the principal built from the token.</summary>
public sealed class SessionTokenValidatedContext : ResultContext<ShopifySessionTokenOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="sessionToken">The validated token.</param>
    /// <param name="principal">The principal built from it.</param>
    public SessionTokenValidatedContext(HttpContext context, AuthenticationScheme scheme, ShopifySessionTokenOptions options, SessionToken sessionToken, ClaimsPrincipal principal)
        : base(context, scheme, options)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        SessionToken = sessionToken;
        Principal = principal;
    }

    /// <summary>The validated token: shop, user, session.</summary>
    public SessionToken SessionToken { get; }
}
