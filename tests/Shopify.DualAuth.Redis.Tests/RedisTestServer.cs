using Shopify.DualAuth.Storage;
using Shopify.DualAuth.StoreTests;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis.Tests;

/// <summary>
/// The private Redis of <c>test.sh</c>. One connection is shared by the tests; each test writes
/// under its own key prefix, so tests run in parallel without seeing each other's keys.
/// </summary>
internal static class RedisTestServer
{
    private static readonly Lazy<ConnectionMultiplexer> SharedConnection = new(Open);

    public static IConnectionMultiplexer Shared => SharedConnection.Value;

    /// <summary>A connection of its own, as another app instance would have.</summary>
    public static ConnectionMultiplexer Open() => ConnectionMultiplexer.Connect(TestServers.Redis);

    public static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N");

    public static RedisTokenStore Store(string prefix, ITokenProtector? protector = null, TimeProvider? time = null, IConnectionMultiplexer? connection = null, bool allowPlaintext = false)
        => new(connection ?? Shared, new RedisTokenStoreOptions { KeyPrefix = prefix, AllowPlaintext = allowPlaintext }, allowPlaintext ? protector : protector ?? AesGcmTestProtector.Shared, time);

    /// <summary>Every key written under a prefix, found with SCAN.</summary>
    public static async Task<List<RedisKey>> KeysAsync(string prefix)
    {
        var server = Shared.GetServer(Shared.GetEndPoints()[0]);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: "{" + prefix + "}:*"))
        {
            keys.Add(key);
        }

        return keys;
    }
}
