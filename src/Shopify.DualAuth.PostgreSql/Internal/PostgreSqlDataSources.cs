using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Shopify.DualAuth.PostgreSql.Internal;

/// <summary>
/// The data sources of the PostgreSQL store and lock in a service provider: one per connection
/// string (so a store and a lock on the same database share a pool), or the app's own
/// <see cref="NpgsqlDataSource"/> when no connection string is set. Owns and disposes only the data
/// sources it created.
/// </summary>
internal sealed class PostgreSqlDataSources : IDisposable, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _created = new(StringComparer.Ordinal);

    public PostgreSqlDataSources(IServiceProvider services) => _services = services;

    public NpgsqlDataSource Get(string? connectionString)
    {
        if (connectionString is null)
        {
            return _services.GetService<NpgsqlDataSource>()
                ?? throw new InvalidOperationException("No PostgreSQL connection: set ConnectionString in the PostgreSQL store or lock options, or register an NpgsqlDataSource.");
        }

        return _created.GetOrAdd(connectionString, static cs => new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(cs))).Value;
    }

    public void Dispose()
    {
        foreach (var dataSource in _created.Values)
        {
            if (dataSource.IsValueCreated)
            {
                dataSource.Value.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _created.Values)
        {
            if (dataSource.IsValueCreated)
            {
                await dataSource.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
