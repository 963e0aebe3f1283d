using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Shopify.DualAuth.PostgreSql.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.PostgreSql.DependencyInjection;

/// <summary>Checks the PostgreSQL store's settings when the host starts, saying which one is wrong and how to fix it.</summary>
internal sealed class PostgreSqlTokenStoreOptionsValidator : IValidateOptions<PostgreSqlTokenStoreOptions>
{
    private readonly IServiceProviderIsService _registered;

    public PostgreSqlTokenStoreOptionsValidator(IServiceProviderIsService registered) => _registered = registered;

    public ValidateOptionsResult Validate(string? name, PostgreSqlTokenStoreOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectionString is null && !_registered.IsService(typeof(NpgsqlDataSource)))
        {
            failures.Add("PostgreSqlTokenStoreOptions.ConnectionString is not set and no NpgsqlDataSource is registered: set ConnectionString (for example 'Host=localhost;Username=app;Database=app'), or register an NpgsqlDataSource.");
        }

        if (options.ConnectionString is not null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("PostgreSqlTokenStoreOptions.ConnectionString is blank: set it (for example 'Host=localhost;Username=app;Database=app'), or leave it null to use the registered NpgsqlDataSource.");
        }

        if (!PostgreSqlIdentifiers.IsValidSchema(options.Schema))
        {
            failures.Add("PostgreSqlTokenStoreOptions.Schema: " + PostgreSqlIdentifiers.SchemaRule);
        }

        if (options.OnlineTokenCleanupInterval <= TimeSpan.Zero && options.OnlineTokenCleanupInterval != Timeout.InfiniteTimeSpan)
        {
            failures.Add("PostgreSqlTokenStoreOptions.OnlineTokenCleanupInterval must be positive (for example 01:00:00), or Timeout.InfiniteTimeSpan to turn the sweep off.");
        }

        if (!options.AllowPlaintext && !_registered.IsService(typeof(ITokenProtector)))
        {
            failures.Add("No ITokenProtector is registered, so the PostgreSQL token store would keep tokens unencrypted: register one (the ASP.NET Core package provides one on Data Protection), or set PostgreSqlTokenStoreOptions.AllowPlaintext = true for local development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
