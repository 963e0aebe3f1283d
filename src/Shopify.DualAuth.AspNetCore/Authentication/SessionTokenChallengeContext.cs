using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>
/// The context of <see cref="ShopifySessionTokenEvents.OnChallenge"/>: by default a document request
/// goes to the bounce page and any other request gets 401 with
/// <see cref="ShopifySessionTokenDefaults.RetryHeader"/>.
/// </summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
/// <param name="properties">The challenge's properties.</param>
/// <param name="failure">Why authentication failed, or <see langword="null"/> when the request had no token.</param>
public sealed class SessionTokenChallengeContext(HttpContext context, AuthenticationScheme scheme, ShopifySessionTokenOptions options, AuthenticationProperties properties, SessionTokenFailureKind? failure)
    : PropertiesContext<ShopifySessionTokenOptions>(context, scheme, options, properties)
{
    /// <summary>Why authentication failed, or <see langword="null"/> when the request had no session token.</summary>
    public SessionTokenFailureKind? Failure { get; } = failure;

    /// <summary>Whether the event wrote the response itself, skipping the default.</summary>
    public bool Handled { get; private set; }

    /// <summary>Skips the default challenge: the event has written the response.</summary>
    public void HandleResponse() => Handled = true;
}
