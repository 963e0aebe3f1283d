using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// Verifying a 6-parameter OAuth callback from the raw query string, against the cost of the HMAC
/// alone over the already-canonical message (one-shot and with a reused keyed instance).
/// </summary>
[MemoryDiagnoser]
public class QueryVerificationBenchmarks : IDisposable
{
    private const string Secret = "hush";
    private const long Timestamp = 1_337_178_173;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(Secret);
    private readonly byte[] _hash = new byte[32];
    private byte[] _message = [];
    private string _rawQuery = "";
    private IncrementalHash _reused = null!;
    private ShopifyRequestVerifier _verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        const string host = "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc29tZS1zaG9w";
        var canonical = $"code=0907a61c0c8d55e99db179b68161bc00&host={host}&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp={Timestamp}";
        _message = Encoding.UTF8.GetBytes(canonical);
        var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(_key, _message));
        _rawQuery = $"?code=0907a61c0c8d55e99db179b68161bc00&hmac={hmac}&host={host}&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp={Timestamp}";
        _reused = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Timestamp));
        _verifier = new ShopifyRequestVerifier(new ShopifyAppOptions { ClientId = "client-id", ClientSecret = Secret }, clock);
        if (!_verifier.VerifyQuery(_rawQuery).IsValid)
        {
            throw new InvalidOperationException("The benchmark query does not verify.");
        }
    }

    [Benchmark(Baseline = true, Description = "HMACSHA256.HashData (one-shot, canonical message)")]
    public byte OneShotHmac()
    {
        HMACSHA256.HashData(_key, _message, _hash);
        return _hash[0];
    }

    [Benchmark(Description = "reused keyed HMAC (canonical message)")]
    public byte ReusedKeyedHmac()
    {
        _reused.AppendData(_message);
        _reused.GetHashAndReset(_hash);
        return _hash[0];
    }

    [Benchmark(Description = "VerifyQuery (raw 6-parameter callback)")]
    public bool VerifyQuery() => _verifier.VerifyQuery(_rawQuery).IsValid;

    public void Dispose()
    {
        _reused?.Dispose();
        GC.SuppressFinalize(this);
    }
}
