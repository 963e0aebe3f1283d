using Microsoft.Extensions.Options;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Maintenance;

/// <summary>Checks <see cref="OfflineTokenRefreshOptions"/> and <see cref="OfflineTokenMigrationOptions"/> at start-up, naming the setting and its range.</summary>
internal sealed class MaintenanceOptionsValidator : IValidateOptions<OfflineTokenRefreshOptions>, IValidateOptions<OfflineTokenMigrationOptions>
{
    internal const int MaxConcurrencyLimit = 64;

    private static readonly TimeSpan MaxTokenLife = TimeSpan.FromDays(90);

    public ValidateOptionsResult Validate(string? name, OfflineTokenRefreshOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromDays(1))
        {
            failures.Add($"OfflineTokenRefreshOptions.Interval is {options.Interval}; it must be between 1 second and 1 day.");
        }

        // Beyond 89 days every refresh token would always be due, and refreshed on every sweep.
        if (options.RefreshTokenMargin < TimeSpan.FromHours(1) || options.RefreshTokenMargin > MaxTokenLife - TimeSpan.FromDays(1))
        {
            failures.Add($"OfflineTokenRefreshOptions.RefreshTokenMargin is {options.RefreshTokenMargin}; it must be between 1 hour and 89 days (refresh tokens live 90 days).");
        }

        if (options.ActivityWindow < TimeSpan.Zero)
        {
            failures.Add($"OfflineTokenRefreshOptions.ActivityWindow is {options.ActivityWindow}; it must be zero (no access-token refresh) or more.");
        }

        AddSizeFailures(failures, nameof(OfflineTokenRefreshOptions), options.MaxConcurrency, options.PageSize);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, OfflineTokenMigrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        AddSizeFailures(failures, nameof(OfflineTokenMigrationOptions), options.MaxConcurrency, options.PageSize);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddSizeFailures(List<string> failures, string type, int maxConcurrency, int pageSize)
    {
        if (maxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            failures.Add($"{type}.MaxConcurrency is {maxConcurrency}; it must be between 1 and {MaxConcurrencyLimit}.");
        }

        if (pageSize is < 1 or > DueOfflineTokensQuery.MaxPageSize)
        {
            failures.Add($"{type}.PageSize is {pageSize}; it must be between 1 and {DueOfflineTokensQuery.MaxPageSize}.");
        }
    }
}
