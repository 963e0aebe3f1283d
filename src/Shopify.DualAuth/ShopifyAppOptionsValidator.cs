using Microsoft.Extensions.Options;

namespace Shopify.DualAuth;

/// <summary>
/// Validates <see cref="ShopifyAppOptions"/> at start-up. Every failure names the configuration key
/// that is wrong and says how to fix it; no message ever contains a secret.
/// </summary>
public sealed class ShopifyAppOptionsValidator : IValidateOptions<ShopifyAppOptions>
{
    private readonly string _section;

    /// <summary>Creates a validator whose messages name keys under the <c>Shopify</c> section.</summary>
    public ShopifyAppOptionsValidator()
        : this(ShopifyAppOptions.SectionName)
    {
    }

    /// <summary>Creates a validator whose messages name keys under <paramref name="sectionPath"/>.</summary>
    /// <param name="sectionPath">
    /// The configuration path the options are bound from, for example <c>Shopify</c>; empty when they
    /// are bound from the configuration root, whose keys have no prefix.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="sectionPath"/> is blank but not empty.</exception>
    public ShopifyAppOptionsValidator(string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(sectionPath);
        if (sectionPath.Length > 0 && string.IsNullOrWhiteSpace(sectionPath))
        {
            throw new ArgumentException("The section path is blank; pass the configuration path the options are bound from, or an empty string for the root.", nameof(sectionPath));
        }

        _section = sectionPath;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ShopifyAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Key("ClientId")} is missing. Set it to the app's client ID (API key) from the Shopify Dev Dashboard.");
        }
        else if (options.ClientId.Any(char.IsWhiteSpace))
        {
            failures.Add($"{Key("ClientId")} contains whitespace. Copy the client ID again from the Shopify Dev Dashboard.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Key("ClientSecret")} is missing. Set it to the app's client secret from the Shopify Dev Dashboard (keep it in user secrets or a vault, not in appsettings.json).");
        }
        else if (options.ClientSecret.Trim().Length != options.ClientSecret.Length)
        {
            failures.Add($"{Key("ClientSecret")} has leading or trailing whitespace. Copy the secret again without surrounding spaces.");
        }

        for (var i = 0; i < options.PreviousClientSecrets.Count; i++)
        {
            var previous = options.PreviousClientSecrets[i];
            if (string.IsNullOrWhiteSpace(previous))
            {
                failures.Add($"{Key($"PreviousClientSecrets:{i}")} is empty. Remove the entry or set it to the secret being rotated out.");
            }
            else if (previous.Trim().Length != previous.Length)
            {
                failures.Add($"{Key($"PreviousClientSecrets:{i}")} has leading or trailing whitespace. Copy the secret again without surrounding spaces.");
            }
            else if (string.Equals(previous, options.ClientSecret, StringComparison.Ordinal))
            {
                failures.Add($"{Key($"PreviousClientSecrets:{i}")} repeats ClientSecret. List only secrets being rotated out.");
            }
        }

        if (!ScopeSet.TryParse(options.Scopes, out _))
        {
            failures.Add($"{Key("Scopes")} is malformed. Use Shopify's comma-separated handles, for example 'write_products,read_orders'.");
        }

        if (options.RefreshBeforeExpiry <= TimeSpan.Zero || options.RefreshBeforeExpiry >= TimeSpan.FromMinutes(60))
        {
            failures.Add($"{Key("RefreshBeforeExpiry")} must be more than zero and less than 60 minutes (the life of an expiring offline token); the default is 00:05:00.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Key("ClockSkew")} must be between 00:00:00 and 00:05:00; the default is 00:00:10.");
        }

        if (options.RequestMaxAge <= TimeSpan.Zero || options.RequestMaxAge > TimeSpan.FromDays(1))
        {
            failures.Add($"{Key("RequestMaxAge")} must be more than zero and at most one day; the default is 00:01:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string Key(string name) => _section.Length == 0 ? name : $"{_section}:{name}";
}
