using System.Text;
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

    /// <summary>
    /// Everything the server keeps under a prefix, as an attacker with a dump would see it: each
    /// key's name, its logical content by type (hash fields and values, sorted-set members) and its
    /// DUMP serialization.
    /// </summary>
    public static async Task<byte[]> RawBytesAsync(string prefix)
    {
        var db = Shared.GetDatabase();
        using var raw = new MemoryStream();
        void Write(byte[] bytes)
        {
            raw.Write(bytes);
            raw.WriteByte((byte)'\n');
        }

        foreach (var key in await KeysAsync(prefix))
        {
            Write(Encoding.UTF8.GetBytes(key.ToString()));
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key))
                    {
                        Write((byte[])entry.Name!);
                        Write((byte[])entry.Value!);
                    }

                    break;
                case RedisType.SortedSet:
                    foreach (var entry in await db.SortedSetRangeByRankWithScoresAsync(key))
                    {
                        Write((byte[])entry.Element!);
                    }

                    break;
                case RedisType.String:
                    Write((byte[])(await db.StringGetAsync(key))!);
                    break;
                default:
                    throw new InvalidOperationException($"The store wrote a key of an unexpected type: {key}");
            }

            Write((await db.KeyDumpAsync(key))!);
        }

        return raw.ToArray();
    }
}
