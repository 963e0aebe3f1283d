namespace Shopify.DualAuth.OAuth;

/// <summary>What went wrong in a call to Shopify's token endpoint, and therefore what the caller should do next.</summary>
public enum ShopifyOAuthErrorKind
{
    /// <summary>
    /// The response could not be used: not JSON, a required field missing (for example an expiring
    /// token without <c>expires_in</c> or <c>refresh_token_expires_in</c>), a redirect, or a 4xx the
    /// protocol does not describe. Do not store anything; report it.
    /// </summary>
    UnexpectedResponse = 0,

    /// <summary>
    /// Shopify rejected the subject token of a token exchange or migration (<c>invalid_subject_token</c>,
    /// or any 400): the session token expired or is not an admin session token, or the legacy token was
    /// revoked. For a session token, ask App Bridge for a fresh one (respond 401 with
    /// <c>X-Shopify-Retry-Invalid-Session-Request: 1</c>).
    /// </summary>
    InvalidSubjectToken = 1,

    /// <summary>
    /// Shopify rejected the refresh token (400 or 401, for example <c>invalid_grant</c> or
    /// <c>invalid_request</c> "requires an active refresh_token"): the refresh chain is broken and only a
    /// new token acquisition (token exchange or the code grant) can restore it.
    /// </summary>
    RefreshTokenRejected = 2,

    /// <summary>
    /// Shopify rejected the authorization code: unknown, expired or already used (a reloaded callback).
    /// Start the authorization again.
    /// </summary>
    CodeRejected = 3,

    /// <summary>Shopify rejected the app's client ID or secret (<c>invalid_client</c>, or 401). Fix the configuration.</summary>
    InvalidClient = 4,

    /// <summary>
    /// Shopify did not answer successfully after every retry (5xx, 520, 408, 429, timeouts, connection
    /// resets). The same call can be repeated later; a refresh may be retried with the same refresh token.
    /// </summary>
    Transient = 5,
}
