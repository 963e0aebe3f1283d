using Microsoft.AspNetCore.DataProtection;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.Sqlite;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// One SQLite file with the store's schema and one shop's token, shared by the storage benchmarks:
/// a plaintext store (same work as the raw driver, to measure the store's own overhead), a store
/// encrypting with Data Protection (the production setting), and the in-memory store.
/// </summary>
internal sealed class StorageFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualauth-bench-" + Guid.NewGuid().ToString("N"));

    public StorageFixture()
    {
        Directory.CreateDirectory(_directory);
        Database = Path.Combine(_directory, "tokens.db");
        ProtectedDatabase = Path.Combine(_directory, "protected.db");
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
        First = new OfflineToken(Shop, "shpat_" + new string('a', 32), ScopeSet.Parse("read_orders,write_orders,read_products,write_products,read_customers"), now.AddHours(1), "shprt_" + new string('b', 32), now.AddDays(90));
        Second = First with { AccessToken = "shpat_" + new string('c', 32), RefreshToken = "shprt_" + new string('d', 32) };
        Plain = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database, AllowPlaintext = true }, protector: null);
        Protected = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = ProtectedDatabase }, new DataProtectionTokenProtector(new EphemeralDataProtectionProvider()));
        Memory = new InMemoryTokenStore();
        foreach (var store in new IShopifyTokenStore[] { Plain, Protected, Memory })
        {
            store.SaveOfflineTokenAsync(First).AsTask().GetAwaiter().GetResult();
        }
    }

    public static ShopDomain Shop { get; } = ShopDomain.Parse("bench-shop.myshopify.com");

    public string Database { get; }

    public string ProtectedDatabase { get; }

    public OfflineToken First { get; }

    public OfflineToken Second { get; }

    public SqliteTokenStore Plain { get; }

    public SqliteTokenStore Protected { get; }

    public InMemoryTokenStore Memory { get; }

    public void Dispose()
    {
        Plain.Dispose();
        Protected.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
