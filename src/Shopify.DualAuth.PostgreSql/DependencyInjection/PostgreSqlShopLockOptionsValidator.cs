using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shopify.DualAuth.PostgreSql.DependencyInjection;

/// <summary>Checks the PostgreSQL lock's settings when the host starts.</summary>
internal sealed class PostgreSqlShopLockOptionsValidator : IValidateOptions<PostgreSqlShopLockOptions>
{
    private readonly IServiceProviderIsService _registered;
    private readonly IOptions<PostgreSqlTokenStoreOptions> _storeOptions;

    public PostgreSqlShopLockOptionsValidator(IServiceProviderIsService registered, IOptions<PostgreSqlTokenStoreOptions> storeOptions)
    {
        _registered = registered;
        _storeOptions = storeOptions;
    }

    public ValidateOptionsResult Validate(string? name, PostgreSqlShopLockOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectionString is null && !StoreHasConnection() && !_registered.IsService(typeof(NpgsqlDataSource)))
        {
            failures.Add("PostgreSqlShopLockOptions.ConnectionString is not set, the PostgreSQL token store has none either, and no NpgsqlDataSource is registered: set ConnectionString, or register an NpgsqlDataSource.");
        }

        if (options.ConnectionString is not null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("PostgreSqlShopLockOptions.ConnectionString is blank: set it, or leave it null to use the store's connection string or the registered NpgsqlDataSource.");
        }

        if (!PostgreSqlShopLock.IsValidPrefix(options.KeyPrefix))
        {
            failures.Add("PostgreSqlShopLockOptions.KeyPrefix: " + PostgreSqlShopLock.PrefixRule);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The store's own validation reports a broken store configuration; here it only matters
    // whether the lock can borrow the store's connection.
    private bool StoreHasConnection()
    {
        try
        {
            return _storeOptions.Value.ConnectionString is not null;
        }
        catch (OptionsValidationException)
        {
            return true;
        }
    }
}
