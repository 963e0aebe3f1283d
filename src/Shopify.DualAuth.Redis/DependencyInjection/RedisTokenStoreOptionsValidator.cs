using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Redis.Internal;
using Shopify.DualAuth.Storage;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis.DependencyInjection;

/// <summary>Checks the Redis store's settings when the host starts, saying which one is wrong and how to fix it.</summary>
internal sealed class RedisTokenStoreOptionsValidator : IValidateOptions<RedisTokenStoreOptions>
{
    private readonly IServiceProviderIsService _registered;

    public RedisTokenStoreOptionsValidator(IServiceProviderIsService registered) => _registered = registered;

    public ValidateOptionsResult Validate(string? name, RedisTokenStoreOptions options)
    {
        var failures = new List<string>();
        if (options.Configuration is null && !_registered.IsService(typeof(IConnectionMultiplexer)))
        {
            failures.Add("RedisTokenStoreOptions.Configuration is not set and no IConnectionMultiplexer is registered: set Configuration to a StackExchange.Redis configuration string such as 'localhost:6379', or register an IConnectionMultiplexer.");
        }

        if (options.Configuration is not null && string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add("RedisTokenStoreOptions.Configuration is blank: set it to a StackExchange.Redis configuration string such as 'localhost:6379', or leave it null to use the registered IConnectionMultiplexer.");
        }

        if (!RedisKeys.IsValidPrefix(options.KeyPrefix))
        {
            failures.Add("RedisTokenStoreOptions.KeyPrefix: " + RedisKeys.PrefixRule);
        }

        if (options.Database < -1)
        {
            failures.Add("RedisTokenStoreOptions.Database must be -1 (the connection's default) or a database number (0 or more).");
        }

        if (!options.AllowPlaintext && !_registered.IsService(typeof(ITokenProtector)))
        {
            failures.Add("No ITokenProtector is registered, so the Redis token store would keep tokens unencrypted: register one (the ASP.NET Core package provides one on Data Protection), or set RedisTokenStoreOptions.AllowPlaintext = true for local development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
