using Medallion.Threading.Postgres;
using Npgsql;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.PostgreSql;

/// <summary>
/// Per-shop mutual exclusion across every instance of the app that shares a PostgreSQL database,
/// on DistributedLock.Postgres session advisory locks: a held lock keeps one pooled connection, and
/// PostgreSQL frees it if that connection dies with its holder.
/// </summary>
public sealed class PostgreSqlShopLock : IShopLock
{
    internal const string PrefixRule = "The PostgreSQL lock key prefix must be 1 to 100 characters.";
    private const int MaxPrefixLength = 100;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _prefix;

    /// <summary>Creates a lock on a data source.</summary>
    /// <param name="dataSource">The database; the lock does not dispose it.</param>
    /// <param name="options">The key prefix; <see cref="PostgreSqlShopLockOptions.ConnectionString"/> is not used here.</param>
    /// <exception cref="ArgumentException">The key prefix is empty or too long.</exception>
    public PostgreSqlShopLock(NpgsqlDataSource dataSource, PostgreSqlShopLockOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        if (!IsValidPrefix(options.KeyPrefix))
        {
            throw new ArgumentException(PrefixRule, nameof(options));
        }

        _dataSource = dataSource;
        _prefix = options.KeyPrefix + ":";
    }

    /// <inheritdoc/>
    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(ShopDomain shop, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var shopLock = new PostgresDistributedLock(new PostgresAdvisoryLockKey(_prefix + shop.Value, allowHashing: true), _dataSource);
        return await shopLock.TryAcquireAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    internal static bool IsValidPrefix(string? prefix) => !string.IsNullOrEmpty(prefix) && prefix.Length <= MaxPrefixLength;
}
