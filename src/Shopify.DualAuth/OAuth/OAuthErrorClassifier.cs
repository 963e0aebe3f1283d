using System.Net;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// Decides what a non-2xx answer from <c>/admin/oauth/access_token</c> means for the caller, from the
/// operation, the status and Shopify's <c>error</c> code (protocol §3.7, §4.2, §11).
/// </summary>
internal static class OAuthErrorClassifier
{
    public static ShopifyOAuthErrorKind Classify(ShopifyOAuthOperation operation, HttpStatusCode status, string? error)
    {
        if (ShopifyOAuthResilience.IsTransientStatus(status))
        {
            return ShopifyOAuthErrorKind.Transient;
        }

        var code = (int)status;
        if (code is < 400 or > 499)
        {
            return ShopifyOAuthErrorKind.UnexpectedResponse;
        }

        // The app's own credentials are wrong whatever was being exchanged: not a broken refresh
        // chain, not a bad code. Checked first so a misconfigured secret is never mistaken for them.
        if (error is "invalid_client" or "unauthorized_client")
        {
            return ShopifyOAuthErrorKind.InvalidClient;
        }

        var badRequest = status == HttpStatusCode.BadRequest;
        var unauthorized = status == HttpStatusCode.Unauthorized;
        return operation switch
        {
            // Any 400/401 on a refresh means the chain is broken (a dead refresh token is answered
            // with 401 invalid_request, an expired one with invalid_grant).
            ShopifyOAuthOperation.Refresh when badRequest || unauthorized => ShopifyOAuthErrorKind.RefreshTokenRejected,

            // A reused or unknown code: 400 invalid_request "not found or was already used".
            ShopifyOAuthOperation.AuthorizationCode when badRequest || error is "invalid_request" or "invalid_grant" => ShopifyOAuthErrorKind.CodeRejected,

            // An expired or foreign session token (or a revoked legacy token) is answered with 400,
            // usually invalid_subject_token.
            ShopifyOAuthOperation.OfflineTokenExchange or ShopifyOAuthOperation.OnlineTokenExchange or ShopifyOAuthOperation.Migration
                when badRequest || error is "invalid_subject_token" => ShopifyOAuthErrorKind.InvalidSubjectToken,

            // The client credentials grant sends nothing but the app's credentials.
            ShopifyOAuthOperation.ClientCredentials when badRequest => ShopifyOAuthErrorKind.InvalidClient,

            _ when unauthorized => ShopifyOAuthErrorKind.InvalidClient,
            _ => ShopifyOAuthErrorKind.UnexpectedResponse,
        };
    }
}
