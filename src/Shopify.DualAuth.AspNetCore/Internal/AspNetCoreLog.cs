using Microsoft.Extensions.Logging;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>The package's log messages; none carries a token, code, state or signature.</summary>
internal static partial class AspNetCoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Session token rejected: {Kind} ({Failure}, {Claim}).")]
    public static partial void SessionTokenRejected(this ILogger logger, SessionTokenFailureKind kind, VerificationFailure failure, string? claim);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Webhook rejected: its signature did not verify ({Failure}, {Parameter}).")]
    public static partial void WebhookSignatureRejected(this ILogger logger, VerificationFailure failure, string? parameter);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Webhook rejected: the header {Header} is missing or invalid.")]
    public static partial void WebhookHeaderInvalid(this ILogger logger, string header);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Webhook rejected: the body is larger than {Limit} bytes.")]
    public static partial void WebhookTooLarge(this ILogger logger, int limit);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Webhook {Topic} for {Shop} is a repeated delivery {WebhookId}; acknowledged without handling.")]
    public static partial void WebhookDuplicate(this ILogger logger, string topic, ShopDomain shop, string webhookId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "Webhook {Topic} for {Shop} handled (delivery {WebhookId}).")]
    public static partial void WebhookHandled(this ILogger logger, string topic, ShopDomain shop, string webhookId);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Webhook {Topic} for {Shop} failed (delivery {WebhookId}); answered with an error so Shopify retries it.")]
    public static partial void WebhookFailed(this ILogger logger, Exception exception, string topic, ShopDomain shop, string webhookId);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "The app was uninstalled from {Shop}; its tokens were deleted.")]
    public static partial void ShopUninstalled(this ILogger logger, ShopDomain shop);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Granted scopes of {Shop} are now {Scopes} (stored token updated: {Updated}).")]
    public static partial void ScopesUpdated(this ILogger logger, ShopDomain shop, ScopeSet scopes, bool updated);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "The app/scopes_update webhook of {Shop} has no readable 'current' scope list; the stored scopes were left as they were.")]
    public static partial void ScopesUpdateUnreadable(this ILogger logger, ShopDomain shop);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "App proxy request rejected ({Failure}, {Parameter}).")]
    public static partial void AppProxyRejected(this ILogger logger, VerificationFailure failure, string? parameter);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Install request rejected: its signature did not verify ({Failure}, {Parameter}).")]
    public static partial void InstallSignatureRejected(this ILogger logger, VerificationFailure failure, string? parameter);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "Authorizing {Shop} ({Mode}).")]
    public static partial void Authorizing(this ILogger logger, ShopDomain shop, OAuth.AccessMode mode);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "OAuth callback rejected: {Reason}.")]
    public static partial void CallbackRejected(this ILogger logger, string reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Information, Message = "{Shop} installed the app.")]
    public static partial void ShopInstalled(this ILogger logger, ShopDomain shop);

    [LoggerMessage(EventId = 34, Level = LogLevel.Information, Message = "User {UserId} of {Shop} signed in.")]
    public static partial void UserSignedIn(this ILogger logger, ShopDomain shop, long userId);

    [LoggerMessage(EventId = 35, Level = LogLevel.Information, Message = "{Shop} must be authorized again ({Trigger}, user {UserId}).")]
    public static partial void ReauthorizationRequired(this ILogger logger, ShopDomain shop, ReauthorizationTrigger trigger, long? userId);
}
