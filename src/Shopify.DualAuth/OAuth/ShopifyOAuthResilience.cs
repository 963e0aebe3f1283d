using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// The resilience pipeline around every token-endpoint call: a total timeout, then retries of
/// transient outcomes only, then a per-attempt timeout (innermost, so a hung attempt is abandoned and
/// retried while the caller's own cancellation is never mistaken for a timeout).
/// </summary>
internal static class ShopifyOAuthResilience
{
    public const string PipelineName = "shopify-oauth";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        context.EnableReloads<ShopifyHttpRetryOptions>();
        var options = context.GetOptions<ShopifyHttpRetryOptions>();
        var services = context.ServiceProvider;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = (ILogger?)services.GetService<ILogger<ShopifyOAuthClient>>() ?? NullLogger.Instance;

        // Backoff delays and timeouts run on the application's clock, so tests can drive them.
        builder.TimeProvider = time;
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "ShopifyOAuthTotalTimeout", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            var maxDelay = options.MaxDelay;
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "ShopifyOAuthRetry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, time, maxDelay)),
                DelayGenerator = args => ValueTask.FromResult(GetRetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        var host = args.Context.GetRequestMessage()?.RequestUri?.Host ?? "?";
                        var outcome = Describe(args.Outcome);
                        ShopifyOAuthLog.Retrying(logger, host, args.AttemptNumber + 1, args.RetryDelay, outcome);
                    }

                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "ShopifyOAuthAttemptTimeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>Whether an outcome is worth another attempt: no answer, or an answer that says "later".</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception is HttpRequestException or IOException or TimeoutRejectedException
            || (outcome.Result is { } response && IsTransientStatus(response.StatusCode));

    /// <summary>408, 429 and every 5xx (Shopify's token endpoint has answered 520 during refreshes).</summary>
    internal static bool IsTransientStatus(HttpStatusCode status)
        => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status is >= 500 and <= 599;

    /// <summary>The wait a response asks for with <c>Retry-After</c> (seconds or an HTTP date), never negative.</summary>
    internal static TimeSpan? GetRetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time, TimeSpan maxDelay)
        // A Retry-After longer than we are willing to wait ends the call now; the caller sees how
        // long Shopify asked for in ShopifyOAuthException.RetryAfter.
        => IsTransient(outcome) && !(GetRetryAfter(outcome.Result, time) > maxDelay);

    private static string Describe(Outcome<HttpResponseMessage> outcome)
        => outcome.Result is { } response
            ? $"HTTP {(int)response.StatusCode}"
            : outcome.Exception?.GetType().Name ?? "no answer";
}
