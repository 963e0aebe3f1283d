using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis.Internal;

/// <summary>
/// The connections of the Redis store and lock in a service provider: one multiplexer per
/// configuration string (so a store and a lock on the same server share it), or the app's own
/// <see cref="IConnectionMultiplexer"/> when no configuration string is set. Owns and disposes only
/// the multiplexers it opened.
/// </summary>
internal sealed class RedisConnections : IDisposable, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly ConcurrentDictionary<string, Lazy<ConnectionMultiplexer>> _opened = new(StringComparer.Ordinal);

    public RedisConnections(IServiceProvider services) => _services = services;

    public IConnectionMultiplexer Get(string? configuration)
    {
        if (configuration is null)
        {
            return _services.GetService<IConnectionMultiplexer>()
                ?? throw new InvalidOperationException("No Redis connection: set Configuration in the Redis store or lock options, or register an IConnectionMultiplexer.");
        }

        return _opened.GetOrAdd(configuration, static config => new Lazy<ConnectionMultiplexer>(() => Connect(config))).Value;
    }

    public void Dispose()
    {
        foreach (var connection in _opened.Values)
        {
            if (connection.IsValueCreated)
            {
                connection.Value.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _opened.Values)
        {
            if (connection.IsValueCreated)
            {
                await connection.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Not aborting on a failed first connect lets the app start while Redis is briefly down; the
    // multiplexer keeps retrying and commands fail (rather than the host) until it is back.
    private static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    }
}
