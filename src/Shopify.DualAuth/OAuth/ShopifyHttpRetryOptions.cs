namespace Shopify.DualAuth.OAuth;

/// <summary>
/// How calls to Shopify's token endpoint are retried: exponential backoff with jitter on transient
/// failures only (connection failures and resets, attempt timeouts, 408, 429 and every 5xx including
/// 520), honouring <c>Retry-After</c>. A rejected code, subject token or refresh token (any other 4xx)
/// is never retried.
/// </summary>
/// <remarks>Set through <c>ShopifyDualAuthBuilder.ConfigureHttpRetry</c>; changes are picked up on reload.</remarks>
public sealed class ShopifyHttpRetryOptions
{
    /// <summary>How many times a transient failure is retried after the first attempt (0 to 10). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; each later one doubles, with jitter. Default 1 second; zero retries at once.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between two attempts, for backoff and for <c>Retry-After</c> alike. A
    /// <c>Retry-After</c> longer than this is not waited for: the call fails at once as
    /// <see cref="ShopifyOAuthErrorKind.Transient"/> with <see cref="ShopifyOAuthException.RetryAfter"/> set.
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it is abandoned and retried. Default 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take, every attempt and wait included. Default 90 seconds.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
