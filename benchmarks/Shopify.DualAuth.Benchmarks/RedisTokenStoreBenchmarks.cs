using BenchmarkDotNet.Attributes;
using Shopify.DualAuth.Redis;
using StackExchange.Redis;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// The Redis store's offline-token read and rotation against the raw driver reading the same hash
/// in one round trip. Needs a Redis: <c>DUALAUTH_TEST_REDIS</c>, as <c>test.sh</c> sets it. Tokens
/// are stored in plaintext here so the figures show the store's own cost, not the protector's.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class RedisTokenStoreBenchmarks
{
    private static readonly RedisValue[] OfflineFields = ["payload", "scopes", "expires_at", "refresh_expires_at"];
    private readonly string _prefix = "bench-" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer _redis = null!;
    private IDatabase _database = null!;
    private RedisTokenStore _store = null!;
    private ShopDomain _shop = null!;
    private RedisKey _key;
    private OfflineToken _current = null!;
    private OfflineToken _next = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = Environment.GetEnvironmentVariable("DUALAUTH_TEST_REDIS");
        if (string.IsNullOrEmpty(configuration))
        {
            throw new InvalidOperationException("DUALAUTH_TEST_REDIS is not set: start a Redis (for example 'redis-server --port 6379 --save \"\"') and set DUALAUTH_TEST_REDIS=127.0.0.1:6379 before running the Redis benchmarks.");
        }

        _redis = ConnectionMultiplexer.Connect(configuration);
        _database = _redis.GetDatabase();
        _store = new RedisTokenStore(_redis, new RedisTokenStoreOptions { KeyPrefix = _prefix, AllowPlaintext = true }, protector: null);
        _shop = ShopDomain.Parse("bench-shop.myshopify.com");
        _key = "{" + _prefix + "}:offline:" + _shop.Value;
        var now = DateTimeOffset.UtcNow;
        _current = Token(now, 'a');
        _next = Token(now, 'b');
        _store.SaveOfflineTokenAsync(_current).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DeleteShopAsync(_shop).AsTask().GetAwaiter().GetResult();
        _redis.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HMGET of the token hash")]
    public Task<RedisValue[]> RawRead() => _database.HashGetAsync(_key, OfflineFields);

    [Benchmark(Description = "store: GetOfflineTokenAsync")]
    public ValueTask<OfflineToken?> StoreRead() => _store.GetOfflineTokenAsync(_shop);

    // Each call swaps the two tokens, so every rotation succeeds against the one stored.
    [Benchmark(Description = "store: TryRotateOfflineTokenAsync (Lua CAS)")]
    public async Task<bool> StoreRotate()
    {
        var rotated = await _store.TryRotateOfflineTokenAsync(_current, _next);
        (_current, _next) = (_next, _current);
        return rotated;
    }

    private OfflineToken Token(DateTimeOffset now, char fill)
        => new(_shop, "shpat_" + new string(fill, 32), ScopeSet.Parse("read_orders,write_products"), now.AddHours(1), "shprt_" + new string(fill, 32), now.AddDays(90));
}
