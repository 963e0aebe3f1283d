using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// Rotating a shop's offline token (compare-and-swap), back and forth between two tokens. Baseline:
/// the raw driver running the same <c>UPDATE ... WHERE fingerprint</c> with values computed ahead,
/// on a pooled connection. Each rotation is a durable commit (synchronous=FULL), so the disk's
/// fsync dominates every row.
/// </summary>
public class StorageRotationBenchmarks : IDisposable
{
    private StorageFixture _fixture = null!;
    private string _rawConnectionString = null!;
    private (string Fingerprint, byte[] Payload)[] _raw = null!;
    private int _rawCurrent;
    private OfflineToken _plainCurrent = null!;
    private OfflineToken _protectedCurrent = null!;
    private OfflineToken _memoryCurrent = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new StorageFixture();
        _rawConnectionString = new SqliteConnectionStringBuilder { DataSource = _fixture.Database, Pooling = true }.ToString();
        _raw =
        [
            (OfflineTokenFingerprint.Compute(_fixture.First), TokenPayloadSerializer.SerializeOffline(_fixture.First)),
            (OfflineTokenFingerprint.Compute(_fixture.Second), TokenPayloadSerializer.SerializeOffline(_fixture.Second)),
        ];
        _plainCurrent = _protectedCurrent = _memoryCurrent = _fixture.First;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _fixture.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public bool RawSqliteCompareAndSwap()
    {
        var next = 1 - _rawCurrent;
        using var connection = new SqliteConnection(_rawConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE shopify_offline_tokens SET fingerprint = $fingerprint, payload = $payload, updated_at = $now WHERE shop = $shop AND fingerprint = $expected;";
        command.Parameters.AddWithValue("$fingerprint", _raw[next].Fingerprint);
        command.Parameters.AddWithValue("$payload", _raw[next].Payload);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$shop", StorageFixture.Shop.Value);
        command.Parameters.AddWithValue("$expected", _raw[_rawCurrent].Fingerprint);
        var won = command.ExecuteNonQuery() == 1;
        _rawCurrent = won ? next : throw new InvalidOperationException("The raw rotation lost its own race.");
        return won;
    }

    [Benchmark]
    public async ValueTask<bool> SqliteStoreRotate() => await RotateAsync(_fixture.Plain, _plainCurrent, next => _plainCurrent = next);

    [Benchmark]
    public async ValueTask<bool> SqliteStoreRotateProtected() => await RotateAsync(_fixture.Protected, _protectedCurrent, next => _protectedCurrent = next);

    [Benchmark]
    public async ValueTask<bool> InMemoryStoreRotate() => await RotateAsync(_fixture.Memory, _memoryCurrent, next => _memoryCurrent = next);

    private async ValueTask<bool> RotateAsync(IShopifyTokenStore store, OfflineToken current, Action<OfflineToken> moved)
    {
        var next = ReferenceEquals(current, _fixture.First) ? _fixture.Second : _fixture.First;
        if (!await store.TryRotateOfflineTokenAsync(current, next))
        {
            throw new InvalidOperationException("The store's rotation lost its own race.");
        }

        moved(next);
        return true;
    }
}
