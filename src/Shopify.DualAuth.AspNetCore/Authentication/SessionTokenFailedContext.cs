using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>The context of <see cref="ShopifySessionTokenEvents.OnAuthenticationFailed"/>.</summary>
public sealed class SessionTokenFailedContext : ResultContext<ShopifySessionTokenOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="kind">Why the token was not accepted.</param>
    /// <param name="failure">The validation failure, for <see cref="SessionTokenFailureKind.InvalidToken"/>.</param>
    /// <param name="claim">The claim or parameter at fault.</param>
    public SessionTokenFailedContext(HttpContext context, AuthenticationScheme scheme, ShopifySessionTokenOptions options, SessionTokenFailureKind kind, VerificationFailure failure, string? claim)
        : base(context, scheme, options)
    {
        Kind = kind;
        Failure = failure;
        Claim = claim;
    }

    /// <summary>Why the token was not accepted.</summary>
    public SessionTokenFailureKind Kind { get; }

    /// <summary>The validation failure (<see cref="VerificationFailure.Mismatch"/> for a shop mismatch or Shopify's refusal).</summary>
    public VerificationFailure Failure { get; }

    /// <summary>The claim or parameter at fault, for example <c>exp</c> or <c>shop</c>.</summary>
    public string? Claim { get; }
}
