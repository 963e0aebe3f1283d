using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shopify.DualAuth.Internal;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Benchmarks;

/// <summary>
/// Session-token validation: a token seen for the first time (cache disabled), the same token
/// again (cache hit), against Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>.
/// </summary>
[MemoryDiagnoser]
public class SessionTokenBenchmarks
{
    // IdentityModel refuses HMAC keys shorter than 256 bits, so the baseline needs a long secret.
    private const string Secret = "shpss_0123456789abcdef0123456789abcdef";
    private const string ClientId = "client-id-123";
    private readonly JsonWebTokenHandler _handler = new();
    private TokenValidationParameters _parameters = null!;
    private SessionTokenValidator _cold = null!;
    private SessionTokenValidator _warm = null!;
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        _token = Mint("f8912129-1af6-4cad-9ca3-76b0f7621087");
        var options = new ShopifyAppOptions { ClientId = ClientId, ClientSecret = Secret };

        // A one-entry cache filled by another token never admits the benchmark token: every call
        // pays the full validation, as a token seen for the first time does.
        _cold = new SessionTokenValidator(new StaticOptionsMonitor(options), TimeProvider.System, cacheCapacity: 1);
        _cold.Validate(Mint("0b1c2d3e-0000-4000-8000-000000000001"));
        _warm = new SessionTokenValidator(options, TimeProvider.System);
        _parameters = new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)),
            ValidAudience = ClientId,
            ValidateIssuer = false,
            ClockSkew = TimeSpan.FromSeconds(10),
            RequireExpirationTime = true,
        };

        if (!_cold.Validate(_token).IsValid || _cold.CachedCount != 1 || !_warm.Validate(_token).IsValid || !_handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid)
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonWebTokenHandler.ValidateTokenAsync")]
    public bool IdentityModel() => _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid;

    [Benchmark(Description = "Validate, first sight (no cache)")]
    public bool Cold() => _cold.Validate(_token).IsValid;

    [Benchmark(Description = "Validate, repeat token (cache hit)")]
    public bool Repeat() => _warm.Validate(_token).IsValid;

    private static string Mint(string tokenId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}""");
        var payload = Base64Url(
            $$"""{"iss":"https:\/\/shop-name.myshopify.com\/admin","dest":"https:\/\/shop-name.myshopify.com","aud":"{{ClientId}}","sub":"40620294219","exp":{{now + 3600}},"nbf":{{now - 1}},"iat":{{now - 1}},"jti":"{{tokenId}}","sid":"aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685"}""");
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes($"{header}.{payload}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{payload}.{signature}";
    }

    private static string Base64Url(string json)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
