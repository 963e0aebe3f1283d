using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>Fails start-up, before any request, when the SQLite store is misconfigured or would store tokens unencrypted.</summary>
internal sealed class SqliteTokenStoreOptionsValidator(IServiceProviderIsService services) : IValidateOptions<SqliteTokenStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteTokenStoreOptions options)
    {
        var failures = SqliteTokenStoreOptionsCheck.Failures(options, services.IsService(typeof(ITokenProtector))).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
