using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Storage;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteTokenStoreConformanceTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ConcurrentDictionary<IShopifyTokenStore, string> _files = new();

    public static TheoryData<string> Checks => new(TokenStoreConformance.AllCheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Passes_with_data_protection(string check) => Conformance(new DataProtectionTokenProtector(new EphemeralDataProtectionProvider())).RunCheckAsync(check, TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_at_rest_check_sees_plaintext_tokens_in_the_file()
    {
        var error = await Assert.ThrowsAsync<TokenStoreConformanceException>(() => Conformance(protector: null).EncryptedAtRestAsync(TestContext.Current.CancellationToken));

        Assert.Contains("appears in clear", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private TokenStoreConformance Conformance(ITokenProtector? protector) => new(clock =>
    {
        var file = _directory.File(Guid.NewGuid().ToString("N") + ".db");
        var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = file, AllowPlaintext = protector is null }, protector, clock);
        _files[store] = file;
        return store;
    })
    {
        ReadRawStorage = (store, _) => ValueTask.FromResult(TempDirectory.ReadDatabaseBytes(_files[store])),
    };
}
