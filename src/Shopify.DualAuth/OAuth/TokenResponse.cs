namespace Shopify.DualAuth.OAuth;

/// <summary>
/// The fields of a successful <c>/admin/oauth/access_token</c> answer, read but not yet judged: which
/// of them an operation requires is decided by <see cref="ShopifyOAuthClient"/>.
/// </summary>
internal sealed record TokenResponse(
    string AccessToken,
    ScopeSet Scopes,
    long? ExpiresIn,
    string? RefreshToken,
    long? RefreshTokenExpiresIn,
    ShopifyUser? User,
    ScopeSet? UserScopes);
