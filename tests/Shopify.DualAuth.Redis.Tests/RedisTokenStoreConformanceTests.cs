using System.Collections.Concurrent;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Storage;

namespace Shopify.DualAuth.Redis.Tests;

/// <summary>The shared store contract, each check a test case, against the real Redis.</summary>
public sealed class RedisTokenStoreConformanceTests
{
    public static TheoryData<string> Checks => new(TokenStoreConformance.AllCheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Conforms(string check)
    {
        // Every store a check creates writes under a prefix of its own.
        var prefixes = new ConcurrentDictionary<IShopifyTokenStore, string>();
        var conformance = new TokenStoreConformance(clock =>
        {
            var prefix = RedisTestServer.NewPrefix();
            var store = RedisTestServer.Store(prefix, time: clock);
            prefixes[store] = prefix;
            return store;
        })
        {
            ReadRawStorage = async (store, _) => await RedisTestServer.RawBytesAsync(prefixes[store]),
        };
        return conformance.RunCheckAsync(check, TestContext.Current.CancellationToken);
    }
}
