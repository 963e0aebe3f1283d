using BenchmarkDotNet.Attributes;
using Npgsql;
using Shopify.DualAuth.PostgreSql;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// The PostgreSQL store's offline-token read and rotation against the raw driver running the same
/// single-row SELECT. Needs a PostgreSQL: <c>DUALAUTH_TEST_POSTGRES</c>, as <c>test.sh</c> sets it.
/// Tokens are stored in plaintext here so the figures show the store's own cost, not the protector's.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class PostgreSqlTokenStoreBenchmarks
{
    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _dataSource = null!;
    private PostgreSqlTokenStore _store = null!;
    private ShopDomain _shop = null!;
    private string _rawSelect = null!;
    private OfflineToken _current = null!;
    private OfflineToken _next = null!;

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("DUALAUTH_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException("DUALAUTH_TEST_POSTGRES is not set: start a PostgreSQL and set DUALAUTH_TEST_POSTGRES (for example 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres') before running the PostgreSQL benchmarks.");
        }

        _dataSource = NpgsqlDataSource.Create(connectionString);
        _store = new PostgreSqlTokenStore(_dataSource, new PostgreSqlTokenStoreOptions { Schema = _schema, AllowPlaintext = true }, protector: null);
        _shop = ShopDomain.Parse("bench-shop.myshopify.com");
        _rawSelect = $"SELECT payload, scopes, expires_at, refresh_token_expires_at FROM \"{_schema}\".offline_tokens WHERE shop = $1";
        var now = DateTimeOffset.UtcNow;
        _current = Token(now, 'a');
        _next = Token(now, 'b');
        _store.SaveOfflineTokenAsync(_current).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"))
        {
            drop.ExecuteNonQuery();
        }

        _dataSource.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw single-row SELECT")]
    public async Task<byte[]?> RawRead()
    {
        await using var command = _dataSource.CreateCommand(_rawSelect);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _shop.Value });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);
        return await reader.ReadAsync() ? reader.GetFieldValue<byte[]>(0) : null;
    }

    [Benchmark(Description = "store: GetOfflineTokenAsync")]
    public ValueTask<OfflineToken?> StoreRead() => _store.GetOfflineTokenAsync(_shop);

    // Each call swaps the two tokens, so every rotation succeeds against the one stored.
    [Benchmark(Description = "store: TryRotateOfflineTokenAsync (UPDATE ... WHERE fingerprint)")]
    public async Task<bool> StoreRotate()
    {
        var rotated = await _store.TryRotateOfflineTokenAsync(_current, _next);
        (_current, _next) = (_next, _current);
        return rotated;
    }

    private OfflineToken Token(DateTimeOffset now, char fill)
        => new(_shop, "shpat_" + new string(fill, 32), ScopeSet.Parse("read_orders,write_products"), now.AddHours(1), "shprt_" + new string(fill, 32), now.AddDays(90));
}
