using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>Webhook HMAC verification of a span body against the bare HMAC of the same bytes.</summary>
[MemoryDiagnoser]
public class WebhookVerificationBenchmarks : IDisposable
{
    private const string Secret = "hush";
    private readonly byte[] _key = Encoding.UTF8.GetBytes(Secret);
    private readonly byte[] _hash = new byte[32];
    private byte[] _body = [];
    private string _header = "";
    private IncrementalHash _reused = null!;
    private ShopifyRequestVerifier _verifier = null!;

    [Params(2 * 1024, 100 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = new byte[BodySize];
        new Random(42).NextBytes(_body);
        _header = Convert.ToBase64String(HMACSHA256.HashData(_key, _body));
        _reused = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        _verifier = new ShopifyRequestVerifier(new ShopifyAppOptions { ClientId = "client-id", ClientSecret = Secret }, TimeProvider.System);
        if (!_verifier.VerifyWebhook(_body, _header).IsValid)
        {
            throw new InvalidOperationException("The benchmark webhook does not verify.");
        }
    }

    [Benchmark(Baseline = true, Description = "reused keyed HMAC")]
    public byte ReusedKeyedHmac()
    {
        _reused.AppendData(_body);
        _reused.GetHashAndReset(_hash);
        return _hash[0];
    }

    [Benchmark(Description = "HMACSHA256.HashData (one-shot)")]
    public byte OneShotHmac()
    {
        HMACSHA256.HashData(_key, _body, _hash);
        return _hash[0];
    }

    [Benchmark(Description = "VerifyWebhook (span)")]
    public bool VerifyWebhook() => _verifier.VerifyWebhook(_body, _header).IsValid;

    public void Dispose()
    {
        _reused?.Dispose();
        GC.SuppressFinalize(this);
    }
}
