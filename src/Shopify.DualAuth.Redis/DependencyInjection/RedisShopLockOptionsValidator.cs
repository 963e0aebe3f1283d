using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Redis.Internal;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis.DependencyInjection;

/// <summary>Checks the Redis lock's settings when the host starts.</summary>
internal sealed class RedisShopLockOptionsValidator : IValidateOptions<RedisShopLockOptions>
{
    private readonly IServiceProviderIsService _registered;
    private readonly IOptions<RedisTokenStoreOptions> _storeOptions;

    public RedisShopLockOptionsValidator(IServiceProviderIsService registered, IOptions<RedisTokenStoreOptions> storeOptions)
    {
        _registered = registered;
        _storeOptions = storeOptions;
    }

    public ValidateOptionsResult Validate(string? name, RedisShopLockOptions options)
    {
        var failures = new List<string>();
        if (options.Configuration is null && !StoreHasConnection() && !_registered.IsService(typeof(IConnectionMultiplexer)))
        {
            failures.Add("RedisShopLockOptions.Configuration is not set, the Redis token store has none either, and no IConnectionMultiplexer is registered: set Configuration to a StackExchange.Redis configuration string such as 'localhost:6379', or register an IConnectionMultiplexer.");
        }

        if (options.Configuration is not null && string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add("RedisShopLockOptions.Configuration is blank: set it to a StackExchange.Redis configuration string such as 'localhost:6379', or leave it null to use the store's connection or the registered IConnectionMultiplexer.");
        }

        if (!RedisKeys.IsValidPrefix(options.KeyPrefix))
        {
            failures.Add("RedisShopLockOptions.KeyPrefix: " + RedisKeys.PrefixRule);
        }

        if (options.Database < -1)
        {
            failures.Add("RedisShopLockOptions.Database must be -1 (the connection's default) or a database number (0 or more).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The store's own validation reports a broken store configuration; here it only matters
    // whether the lock can borrow the store's connection.
    private bool StoreHasConnection()
    {
        try
        {
            return _storeOptions.Value.Configuration is not null;
        }
        catch (OptionsValidationException)
        {
            return true;
        }
    }
}
