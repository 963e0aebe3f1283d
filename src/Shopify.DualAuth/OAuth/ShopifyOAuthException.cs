using System.Globalization;
using System.Text;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// A call to Shopify's <c>/admin/oauth/access_token</c> failed. <see cref="Kind"/> says what to do next;
/// <see cref="Error"/> and <see cref="ErrorDescription"/> are Shopify's own OAuth error fields.
/// </summary>
/// <remarks>
/// The message names only the shop, the operation, the HTTP status and Shopify's error code and
/// description: never a client secret, authorization code, access or refresh token, or session token.
/// </remarks>
public sealed class ShopifyOAuthException : Exception
{
    /// <summary>Creates an exception describing a failed token-endpoint call.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="operation">The call that failed.</param>
    /// <param name="shop">The shop the call was for.</param>
    /// <param name="statusCode">The HTTP status Shopify answered with, if it answered.</param>
    /// <param name="error">Shopify's <c>error</c> field, if any.</param>
    /// <param name="errorDescription">Shopify's <c>error_description</c> field, if any. It is shown in the message: pass only text that holds no credential.</param>
    /// <param name="retryAfter">How long Shopify asked the caller to wait (<c>Retry-After</c>), if it did.</param>
    /// <param name="innerException">The transport failure, if any.</param>
    public ShopifyOAuthException(
        ShopifyOAuthErrorKind kind,
        ShopifyOAuthOperation operation,
        ShopDomain shop,
        int? statusCode = null,
        string? error = null,
        string? errorDescription = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : this(kind, operation, shop, statusCode, error, errorDescription, retryAfter, detail: null, innerException)
    {
    }

    internal ShopifyOAuthException(
        ShopifyOAuthErrorKind kind,
        ShopifyOAuthOperation operation,
        ShopDomain shop,
        int? statusCode,
        string? error,
        string? errorDescription,
        TimeSpan? retryAfter,
        string? detail,
        Exception? innerException)
        : base(FormatMessage(kind, operation, shop, statusCode, error, errorDescription, detail), innerException)
    {
        Kind = kind;
        Operation = operation;
        Shop = shop;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
        RetryAfter = retryAfter;
    }

    /// <summary>What went wrong, and therefore what to do next.</summary>
    public ShopifyOAuthErrorKind Kind { get; }

    /// <summary>The call that failed.</summary>
    public ShopifyOAuthOperation Operation { get; }

    /// <summary>The shop the call was for.</summary>
    public ShopDomain Shop { get; }

    /// <summary>The HTTP status of Shopify's last answer; <see langword="null"/> when no answer arrived (timeout, reset).</summary>
    public int? StatusCode { get; }

    /// <summary>Shopify's OAuth <c>error</c> code, for example <c>invalid_subject_token</c>.</summary>
    public string? Error { get; }

    /// <summary>Shopify's <c>error_description</c>, for example <c>This request requires an active refresh_token</c>.</summary>
    public string? ErrorDescription { get; }

    /// <summary>The wait Shopify asked for with <c>Retry-After</c> on its last answer, when it was longer than the client would wait.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string FormatMessage(
        ShopifyOAuthErrorKind kind,
        ShopifyOAuthOperation operation,
        ShopDomain shop,
        int? statusCode,
        string? error,
        string? errorDescription,
        string? detail)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var message = new StringBuilder(Describe(kind));
        if (detail is not null)
        {
            message.Append(": ").Append(detail);
        }

        message.Append(" (").Append(Describe(operation)).Append(" for ").Append(shop.Value);
        if (statusCode is { } status)
        {
            message.Append(CultureInfo.InvariantCulture, $", HTTP {status}");
        }

        if (!string.IsNullOrEmpty(error))
        {
            message.Append(", error '").Append(error).Append('\'');
        }

        if (!string.IsNullOrEmpty(errorDescription))
        {
            message.Append(": ").Append(errorDescription);
        }

        return message.Append(").").ToString();
    }

    private static string Describe(ShopifyOAuthErrorKind kind) => kind switch
    {
        ShopifyOAuthErrorKind.InvalidSubjectToken => "Shopify rejected the subject token",
        ShopifyOAuthErrorKind.RefreshTokenRejected => "Shopify rejected the refresh token; the shop must be authorized again",
        ShopifyOAuthErrorKind.CodeRejected => "Shopify rejected the authorization code (unknown, expired or already used)",
        ShopifyOAuthErrorKind.InvalidClient => "Shopify rejected the app's client credentials",
        ShopifyOAuthErrorKind.Transient => "Shopify's token endpoint did not answer successfully, retrying did not help",
        _ => "Shopify's token endpoint returned an unexpected response",
    };

    private static string Describe(ShopifyOAuthOperation operation) => operation switch
    {
        ShopifyOAuthOperation.AuthorizationCode => "authorization code exchange",
        ShopifyOAuthOperation.OfflineTokenExchange => "offline token exchange",
        ShopifyOAuthOperation.OnlineTokenExchange => "online token exchange",
        ShopifyOAuthOperation.Refresh => "offline token refresh",
        ShopifyOAuthOperation.Migration => "migration to an expiring offline token",
        ShopifyOAuthOperation.ClientCredentials => "client credentials grant",
        _ => "token request",
    };
}
