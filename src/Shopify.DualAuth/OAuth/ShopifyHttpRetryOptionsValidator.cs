using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.OAuth;

/// <summary>Rejects retry settings the resilience pipeline cannot run with, naming the setting and the accepted range.</summary>
internal sealed class ShopifyHttpRetryOptionsValidator : IValidateOptions<ShopifyHttpRetryOptions>
{
    // The ranges Polly itself enforces for timeouts and delays, so a bad value fails at start-up
    // with our message instead of at the first call with Polly's.
    internal const int MaxRetryAttemptsLimit = 10;
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, ShopifyHttpRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxRetryAttempts is < 0 or > MaxRetryAttemptsLimit)
        {
            failures.Add($"ShopifyHttpRetryOptions.MaxRetryAttempts must be between 0 and {MaxRetryAttemptsLimit}.");
        }

        if (options.BaseDelay < TimeSpan.Zero || options.BaseDelay > MaxTimeout)
        {
            failures.Add("ShopifyHttpRetryOptions.BaseDelay must be between zero and 24 hours.");
        }

        if (options.MaxDelay < options.BaseDelay || options.MaxDelay > MaxTimeout)
        {
            failures.Add("ShopifyHttpRetryOptions.MaxDelay must be at least BaseDelay and at most 24 hours.");
        }

        if (options.AttemptTimeout < MinTimeout || options.AttemptTimeout > MaxTimeout)
        {
            failures.Add("ShopifyHttpRetryOptions.AttemptTimeout must be between 10 milliseconds and 24 hours.");
        }

        if (options.TotalTimeout < options.AttemptTimeout || options.TotalTimeout > MaxTimeout)
        {
            failures.Add("ShopifyHttpRetryOptions.TotalTimeout must be at least AttemptTimeout and at most 24 hours.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
