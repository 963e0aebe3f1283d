using Microsoft.Extensions.Logging;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// The OAuth client's log messages. They name shops, operations, statuses and Shopify's error codes;
/// never a secret, code, token or session token.
/// </summary>
internal static partial class ShopifyOAuthLog
{
    [LoggerMessage(EventId = 2100, EventName = "OAuthRequestSending", Level = LogLevel.Debug,
        Message = "Sending {Operation} for {Shop}")]
    public static partial void Sending(ILogger logger, ShopifyOAuthOperation operation, string shop);

    [LoggerMessage(EventId = 2101, EventName = "OAuthRequestSucceeded", Level = LogLevel.Debug,
        Message = "{Operation} for {Shop} succeeded in {ElapsedMilliseconds} ms")]
    public static partial void Succeeded(ILogger logger, ShopifyOAuthOperation operation, string shop, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2102, EventName = "OAuthRequestFailed", Level = LogLevel.Warning,
        Message = "{Operation} for {Shop} failed as {Kind}: HTTP {StatusCode}, error {Error}")]
    public static partial void Failed(ILogger logger, ShopifyOAuthOperation operation, string shop, ShopifyOAuthErrorKind kind, int? statusCode, string? error);

    [LoggerMessage(EventId = 2103, EventName = "OAuthRequestRetrying", Level = LogLevel.Information,
        Message = "Retrying a token request to {Host} (attempt {Attempt}) in {Delay} after {Outcome}")]
    public static partial void Retrying(ILogger logger, string host, int attempt, TimeSpan delay, string outcome);
}
