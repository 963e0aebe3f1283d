using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.AspNetCore.Tests;

public sealed class DataProtectionTokenProtectorTests : IDisposable
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("shpat_0123456789abcdef shprt_fedcba9876543210");
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "dualauth-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Round_trips_and_hides_the_plaintext()
    {
        var protector = new DataProtectionTokenProtector(new EphemeralDataProtectionProvider());

        var sealedBytes = protector.Protect(Secret);

        Assert.Equal(Secret, protector.Unprotect(sealedBytes));
        Assert.True(sealedBytes.AsSpan().IndexOf("shpat_"u8) < 0);
        Assert.NotEqual(sealedBytes, protector.Protect(Secret));
    }

    [Fact]
    public void Detects_any_tampering()
    {
        var protector = new DataProtectionTokenProtector(new EphemeralDataProtectionProvider());
        var sealedBytes = protector.Protect(Secret);

        foreach (var index in new[] { 0, 10, sealedBytes.Length / 2, sealedBytes.Length - 1 })
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[index] ^= 0x40;
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));
        }

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedBytes[..^1]));
    }

    [Fact]
    public void Another_purpose_on_the_same_key_ring_cannot_read_the_tokens()
    {
        var provider = new EphemeralDataProtectionProvider();
        var sealedBytes = new DataProtectionTokenProtector(provider).Protect(Secret);

        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("Some.Other.Purpose").Unprotect(sealedBytes));
        Assert.Equal(Secret, provider.CreateProtector(DataProtectionTokenProtector.Purpose).Unprotect(sealedBytes));
    }

    [Fact]
    public void Another_key_ring_cannot_read_the_tokens()
    {
        var sealedBytes = new DataProtectionTokenProtector(new EphemeralDataProtectionProvider()).Protect(Secret);

        Assert.ThrowsAny<CryptographicException>(() => new DataProtectionTokenProtector(new EphemeralDataProtectionProvider()).Unprotect(sealedBytes));
    }

    [Fact]
    public async Task Registered_protector_reads_tokens_after_a_restart_with_the_same_persisted_key_ring()
    {
        byte[] sealedBytes;
        await using (var first = Build())
        {
            var protector = first.GetRequiredService<ITokenProtector>();
            Assert.IsType<DataProtectionTokenProtector>(protector);
            sealedBytes = protector.Protect(Secret);
        }

        await using var second = Build();

        Assert.Equal(Secret, second.GetRequiredService<ITokenProtector>().Unprotect(sealedBytes));
    }

    [Fact]
    public async Task Replaces_a_protector_registered_before()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITokenProtector>(new NoProtection());
        AddShopifyDualAuth(services).ProtectTokensWithDataProtection();
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<DataProtectionTokenProtector>(Assert.Single(provider.GetServices<ITokenProtector>()));
    }

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    private static Shopify.DualAuth.DependencyInjection.ShopifyDualAuthBuilder AddShopifyDualAuth(IServiceCollection services)
        => services.AddShopifyDualAuth(o =>
        {
            o.ClientId = "id";
            o.ClientSecret = "secret";
        });

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(_keys)).SetApplicationName("dualauth-tests");
        AddShopifyDualAuth(services).ProtectTokensWithDataProtection();
        return services.BuildServiceProvider();
    }

    private sealed class NoProtection : ITokenProtector
    {
        public byte[] Protect(byte[] plaintext) => plaintext;

        public byte[] Unprotect(byte[] protectedData) => protectedData;
    }
}
