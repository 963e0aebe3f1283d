using System.Globalization;
using System.Text;
using Npgsql;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;

namespace Shopify.DualAuth.PostgreSql.Tests;

/// <summary>
/// The private PostgreSQL of <c>test.sh</c>. Each test works in a schema of its own, dropped when the
/// test ends, so tests run in parallel without seeing each other's rows.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private static readonly Lazy<NpgsqlDataSource> SharedSource = new(() => NpgsqlDataSource.Create(TestServers.Postgres));

    private PostgresTestDatabase(string schema) => Schema = schema;

    /// <summary>The data source shared by the tests, as one app instance's pool.</summary>
    public static NpgsqlDataSource Shared => SharedSource.Value;

    public string Schema { get; }

    public static PostgresTestDatabase WithNewSchema() => new("t_" + Guid.NewGuid().ToString("N"));

    /// <summary>A pool of its own, as another app instance would have.</summary>
    public static NpgsqlDataSource OpenSource(string? connectionString = null) => NpgsqlDataSource.Create(connectionString ?? TestServers.Postgres);

    public PostgreSqlTokenStore Store(NpgsqlDataSource? source = null, TimeProvider? time = null, ITokenProtector? protector = null, bool allowPlaintext = false, TimeSpan? cleanupInterval = null)
        => new(
            source ?? Shared,
            new PostgreSqlTokenStoreOptions
            {
                Schema = Schema,
                AllowPlaintext = allowPlaintext,
                OnlineTokenCleanupInterval = cleanupInterval ?? Timeout.InfiniteTimeSpan,
            },
            allowPlaintext ? protector : protector ?? AesGcmTestProtector.Shared,
            time);

    public async Task<long> CountAsync(string table)
    {
        await using var command = Shared.CreateCommand($"SELECT count(*) FROM \"{Schema}\".{table}");
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async Task<List<object[]>> RowsAsync(string table)
    {
        await using var command = Shared.CreateCommand($"SELECT * FROM \"{Schema}\".{table}");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Every column of every row of the store's tables, as an attacker with a dump would see it:
    /// text as UTF-8, byte columns as they are.
    /// </summary>
    public async Task<byte[]> RawBytesAsync()
    {
        using var raw = new MemoryStream();
        foreach (var table in new[] { "offline_tokens", "online_tokens" })
        {
            foreach (var value in (await RowsAsync(table)).SelectMany(row => row))
            {
                raw.Write(value as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                raw.WriteByte((byte)'\n');
            }
        }

        return raw.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await using var command = Shared.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
