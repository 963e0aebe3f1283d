using Microsoft.Extensions.Logging;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Lifecycle;

/// <summary>
/// The token lifecycle's log messages. They name shops, user IDs, expiry times and Shopify's error
/// kinds; never an access token, refresh token, authorization code or session token.
/// </summary>
internal static partial class ShopifyTokensLog
{
    [LoggerMessage(EventId = 2200, EventName = "ShopInstalled", Level = LogLevel.Information,
        Message = "Stored the offline token of {Shop} from token exchange (expires {ExpiresAt})")]
    public static partial void Installed(ILogger logger, string shop, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 2201, EventName = "OnlineTokenExchanged", Level = LogLevel.Debug,
        Message = "Stored the online token of user {UserId} of {Shop} (expires {ExpiresAt})")]
    public static partial void OnlineTokenStored(ILogger logger, string shop, long userId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2202, EventName = "AuthorizationCompleted", Level = LogLevel.Information,
        Message = "Stored the {Mode} token an authorization code produced for {Shop}")]
    public static partial void AuthorizationCompleted(ILogger logger, string shop, AccessMode mode);

    [LoggerMessage(EventId = 2203, EventName = "AuthorizationCodeReplayed", Level = LogLevel.Information,
        Message = "A redeemed authorization code of {Shop} came again (a reloaded callback); answered with the stored {Mode} token")]
    public static partial void AuthorizationCodeReplayed(ILogger logger, string shop, AccessMode mode);

    [LoggerMessage(EventId = 2210, EventName = "OfflineTokenRefreshed", Level = LogLevel.Information,
        Message = "Refreshed the offline token of {Shop} (now expires {ExpiresAt})")]
    public static partial void Refreshed(ILogger logger, string shop, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 2211, EventName = "OfflineTokenMigrated", Level = LogLevel.Information,
        Message = "Migrated the non-expiring offline token of {Shop} to an expiring one (expires {ExpiresAt})")]
    public static partial void Migrated(ILogger logger, string shop, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 2212, EventName = "OfflineTokenRotationLost", Level = LogLevel.Information,
        Message = "Another writer replaced the offline token of {Shop} first; using the stored one")]
    public static partial void RotationLost(ILogger logger, string shop);

    [LoggerMessage(EventId = 2213, EventName = "OfflineTokenRenewalRetrying", Level = LogLevel.Warning,
        Message = "{Operation} of the offline token of {Shop} got no usable answer (attempt {Attempt} of {MaxAttempts}); retrying with the same token")]
    public static partial void RenewalRetrying(ILogger logger, string operation, string shop, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 2214, EventName = "OfflineTokenRenewalPostponed", Level = LogLevel.Warning,
        Message = "Shopify could not {Operation} the offline token of {Shop} now; the current one stays usable until {ExpiresAt}")]
    public static partial void RenewalPostponed(ILogger logger, string operation, string shop, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 2215, EventName = "ShopReauthorizationRequired", Level = LogLevel.Warning,
        Message = "The offline token of {Shop} can no longer be renewed ({Reason}); marked as requiring re-authorization by the merchant")]
    public static partial void ReauthorizationRequired(ILogger logger, string shop, ReauthorizationReason reason);

    [LoggerMessage(EventId = 2216, EventName = "ShopLockTimedOut", Level = LogLevel.Warning,
        Message = "The lock of {Shop} was not free within {Timeout}; renewing without it (the store's compare-and-swap keeps one result)")]
    public static partial void LockTimedOut(ILogger logger, string shop, TimeSpan timeout);

    [LoggerMessage(EventId = 2220, EventName = "ShopUninstalled", Level = LogLevel.Information,
        Message = "Deleted every token of {Shop}")]
    public static partial void Uninstalled(ILogger logger, string shop);

    [LoggerMessage(EventId = 2221, EventName = "ShopScopesMissing", Level = LogLevel.Warning,
        Message = "{Shop} granted scopes that do not cover the required ones; missing {Missing}")]
    public static partial void ScopesMissing(ILogger logger, string shop, string missing);
}
