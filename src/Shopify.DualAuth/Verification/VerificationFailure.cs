namespace Shopify.DualAuth.Verification;

/// <summary>Why a signed request, webhook or session token was rejected.</summary>
public enum VerificationFailure
{
    /// <summary>Nothing failed: the input is authentic.</summary>
    None = 0,

    /// <summary>A required parameter, header or claim is absent or empty.</summary>
    Missing,

    /// <summary>A value is present but not in the expected format (bad hex, base64, JSON, number, algorithm).</summary>
    Malformed,

    /// <summary>The signature does not match under any configured secret, or a claim has the wrong value.</summary>
    Mismatch,

    /// <summary>The request's timestamp or the token's lifetime is outside the accepted window.</summary>
    Expired,

    /// <summary>A parameter that must appear once (<c>hmac</c>, <c>signature</c>, <c>shop</c>, <c>timestamp</c>) appears more than once.</summary>
    Duplicate,

    /// <summary>The shop named by the input is not a valid <c>{handle}.myshopify.com</c> host.</summary>
    InvalidShop,
}
