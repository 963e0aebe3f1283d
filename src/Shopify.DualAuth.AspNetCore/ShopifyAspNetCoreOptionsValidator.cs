using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.AspNetCore;

/// <summary>
/// Validates <see cref="ShopifyAspNetCoreOptions"/> at start-up; every message names the configuration
/// key that is wrong and says how to fix it.
/// </summary>
internal sealed class ShopifyAspNetCoreOptionsValidator(string sectionPath) : IValidateOptions<ShopifyAspNetCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ShopifyAspNetCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AppUrl is { } appUrl)
        {
            if (!appUrl.IsAbsoluteUri || (appUrl.Scheme != Uri.UriSchemeHttps && appUrl.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{Key("AppUrl")} must be an absolute https address, for example 'https://app.example.com'.");
            }
            else if (appUrl.Scheme == Uri.UriSchemeHttp && !appUrl.IsLoopback)
            {
                failures.Add($"{Key("AppUrl")} must use https (http is accepted only for a loopback host in development).");
            }
            else if (appUrl.Query.Length > 0 || appUrl.Fragment.Length > 0 || appUrl.UserInfo.Length > 0)
            {
                failures.Add($"{Key("AppUrl")} must have no query, fragment or user information; give only the scheme, host and optional base path.");
            }
        }

        var paths = new[]
        {
            ("InstallPath", options.InstallPath),
            ("CallbackPath", options.CallbackPath),
            ("SessionTokenPath", options.SessionTokenPath),
        };
        foreach (var (key, path) in paths)
        {
            if (!IsEndpointPath(path))
            {
                failures.Add($"{Key(key)} must be a path starting with '/' and not ending with '/', without query or fragment, for example '/auth/install'.");
            }
        }

        foreach (var group in paths.Where(p => IsEndpointPath(p.Item2)).GroupBy(p => p.Item2, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"{string.Join(" and ", group.Select(p => Key(p.Item1)))} are the same path '{group.Key}'; give each endpoint its own path.");
        }

        if (string.IsNullOrEmpty(options.AppPath) || options.AppPath[0] != '/' || options.AppPath.StartsWith("//", StringComparison.Ordinal) || options.AppPath.Contains('\\', StringComparison.Ordinal))
        {
            failures.Add($"{Key("AppPath")} must be a local path starting with '/', for example '/'.");
        }

        if (options.StateLifetime < TimeSpan.FromSeconds(10) || options.StateLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Key("StateLifetime")} must be between 00:00:10 and 00:10:00; the default is 00:01:00.");
        }

        if (string.IsNullOrEmpty(options.StateCookieName) || !options.StateCookieName.All(IsCookieNameChar))
        {
            failures.Add($"{Key("StateCookieName")} must be a cookie name of letters, digits, '-', '_' and '.', for example 'shopify_app_state'.");
        }

        if (options.WebhookDeduplicationWindow < TimeSpan.FromHours(5) || options.WebhookDeduplicationWindow > TimeSpan.FromDays(30))
        {
            failures.Add($"{Key("WebhookDeduplicationWindow")} must be between 05:00:00 (Shopify retries for 4 hours) and 30.00:00:00; the default is 1.00:00:00.");
        }

        if (options.Events is null)
        {
            failures.Add($"{Key("Events")} is null; leave the default instance or assign a ShopifyAuthEvents.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsEndpointPath(string? path)
        => !string.IsNullOrEmpty(path) && path.Length > 1 && path[0] == '/' && path[^1] != '/'
            && path.IndexOfAny(['?', '#', '\\', ' ']) < 0 && !path.Contains("//", StringComparison.Ordinal);

    private static bool IsCookieNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private string Key(string property) => sectionPath.Length == 0 ? property : $"{sectionPath}:{property}";
}
