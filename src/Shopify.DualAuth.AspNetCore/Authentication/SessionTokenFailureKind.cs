namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>Why a request's session token was not accepted.</summary>
public enum SessionTokenFailureKind
{
    /// <summary>The token failed validation (signature, lifetime, audience, shop claims).</summary>
    InvalidToken = 0,

    /// <summary>The request's <c>shop</c> parameter names another shop than the token's <c>dest</c>.</summary>
    ShopMismatch = 1,

    /// <summary>Shopify refused to exchange the token (<c>invalid_subject_token</c>).</summary>
    RejectedByShopify = 2,
}
