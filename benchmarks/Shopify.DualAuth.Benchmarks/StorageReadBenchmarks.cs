using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// Reading a shop's offline token. Baseline: the raw Microsoft.Data.Sqlite driver doing the same
/// single-row read the way application code usually does (pooled open, new command, read the
/// columns). Goal: the plaintext store within 1.3x of it; the protected store adds Data
/// Protection's decryption on top.
/// </summary>
public class StorageReadBenchmarks : IDisposable
{
    private const string Select = "SELECT scopes, expires_at, refresh_expires_at, payload FROM shopify_offline_tokens WHERE shop = $shop;";
    private StorageFixture _fixture = null!;
    private string _rawConnectionString = null!;
    private SqliteConnection _heldConnection = null!;
    private SqliteCommand _preparedCommand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new StorageFixture();
        _rawConnectionString = new SqliteConnectionStringBuilder { DataSource = _fixture.Database, Pooling = true }.ToString();
        _heldConnection = new SqliteConnection(_rawConnectionString);
        _heldConnection.Open();
        _preparedCommand = _heldConnection.CreateCommand();
        _preparedCommand.CommandText = Select;
        _preparedCommand.Parameters.AddWithValue("$shop", StorageFixture.Shop.Value);
        _preparedCommand.Prepare();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _preparedCommand.Dispose();
        _heldConnection.Dispose();
        _fixture.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public int RawSqliteRead()
    {
        using var connection = new SqliteConnection(_rawConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Select;
        command.Parameters.AddWithValue("$shop", StorageFixture.Shop.Value);
        using var reader = command.ExecuteReader();
        return ReadRow(reader);
    }

    /// <summary>The floor: the raw driver on a held connection with a prepared statement.</summary>
    [Benchmark]
    public int RawSqlitePreparedRead()
    {
        using var reader = _preparedCommand.ExecuteReader();
        return ReadRow(reader);
    }

    [Benchmark]
    public async ValueTask<OfflineToken?> SqliteStoreRead() => await _fixture.Plain.GetOfflineTokenAsync(StorageFixture.Shop);

    [Benchmark]
    public async ValueTask<OfflineToken?> SqliteStoreReadProtected() => await _fixture.Protected.GetOfflineTokenAsync(StorageFixture.Shop);

    [Benchmark]
    public async ValueTask<OfflineToken?> InMemoryStoreRead() => await _fixture.Memory.GetOfflineTokenAsync(StorageFixture.Shop);

    private static int ReadRow(SqliteDataReader reader)
    {
        reader.Read();
        var scopes = reader.GetString(0);
        var expiresAt = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        var refreshExpiresAt = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
        var payload = reader.GetFieldValue<byte[]>(3);
        return scopes.Length + payload.Length + (int)(expiresAt ^ refreshExpiresAt);
    }
}
