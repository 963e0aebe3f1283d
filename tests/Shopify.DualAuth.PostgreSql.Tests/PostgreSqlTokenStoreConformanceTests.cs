using System.Collections.Concurrent;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Storage;

namespace Shopify.DualAuth.PostgreSql.Tests;

/// <summary>The shared store contract, each check a test case, against the real PostgreSQL.</summary>
public sealed class PostgreSqlTokenStoreConformanceTests
{
    public static TheoryData<string> Checks => new(TokenStoreConformance.AllCheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task Conforms(string check)
    {
        // Every store a check creates works in a schema of its own, dropped afterwards.
        var databases = new ConcurrentDictionary<IShopifyTokenStore, PostgresTestDatabase>();
        var conformance = new TokenStoreConformance(clock =>
        {
            var db = PostgresTestDatabase.WithNewSchema();
            var store = db.Store(time: clock);
            databases[store] = db;
            return store;
        })
        {
            ReadRawStorage = async (store, _) => await databases[store].RawBytesAsync(),
        };
        try
        {
            await conformance.RunCheckAsync(check, TestContext.Current.CancellationToken);
        }
        finally
        {
            foreach (var db in databases.Values)
            {
                await db.DisposeAsync();
            }
        }
    }
}
