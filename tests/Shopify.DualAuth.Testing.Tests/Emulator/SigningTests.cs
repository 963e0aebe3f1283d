using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Signing;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

/// <summary>The emulator's signatures against protocol §10's vectors and independent implementations.</summary>
public class SigningTests
{
    private static ShopifyEmulator Hush(TimeProvider? time = null)
        => new(new ShopifyEmulatorOptions { ClientId = "client-id-123", ClientSecret = "hush", TimeProvider = time ?? TimeProvider.System });

    [Theory]
    [InlineData("code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173", "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf")]
    [InlineData("timestamp=1337178173&shop=some-shop.myshopify.com&code=0907a61c0c8d55e99db179b68161bc00", "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20")]
    public void Query_hmac_matches_the_documented_vectors(string query, string expected)
    {
        var parameters = Callbacks.ParseQuery(query).ToList();

        Assert.Equal(expected, Hush().ComputeQueryHmac(parameters));
        Assert.Equal(expected, Hush().ComputeQueryHmac([.. parameters, new("hmac", "ignored")]));
    }

    [Fact]
    public void Query_hmac_escapes_delimiters_inside_keys_and_values()
    {
        KeyValuePair<string, string>[] parameters = [new("a", "1&b=2"), new("c=3&d", "4")];
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = "x", ClientSecret = "secret" });

        Assert.Equal("a=1%26b=2&c%3D3%26d=4", QueryHmac.CanonicalMessage(parameters));
        Assert.Equal("8de3c7e965d22fa21e059868e4004f5b6fbdcef293d1622ff9408edd6325bc6b", emulator.ComputeQueryHmac(parameters));
    }

    [Fact]
    public void Array_parameters_sign_as_ruby_arrays()
    {
        Assert.Equal("ids=[\"2\", \"1\"]&shop=x", QueryHmac.CanonicalMessage([new("shop", "x"), new("ids[]", "2"), new("ids[]", "1")]));
    }

    [Theory]
    [InlineData("extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555", "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb")]
    [InlineData("extra=a%20b&logged_in_customer_id=&path_prefix=%2Fapps%2Fawesome_reviews&shop=shop-name.myshopify.com&timestamp=1317327555", "4a780d8dde6d5dc5cebfe011244664cf11071388266480bf57f01c49a0ab42c5")]
    public void App_proxy_signature_matches_the_documented_vectors(string query, string expected)
    {
        var parameters = query.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], Uri.UnescapeDataString(p[1]))).ToList();

        Assert.Equal(expected, Hush().ComputeAppProxySignature(parameters));
    }

    [Theory]
    [InlineData("""{"id":1,"shop_id":"gid://shopify/Shop/548380009","previous":["read_products"],"current":["read_products","write_products"],"updated_at":"2024-06-25T00:00:00.000Z"}""", "ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=")]
    [InlineData("""{"shop_id":954889,"shop_domain":"shop-name.myshopify.com"}""", "xexMoPw79q/Fx0YL10CmMAHu5yZTcaiZq44gsMSyjIk=")]
    public void Webhook_signature_matches_the_fixtures(string body, string expected)
    {
        Assert.Equal(expected, Hush().SignWebhook(Encoding.UTF8.GetBytes(body)));
        Assert.NotEqual(expected, Hush().SignWebhook(Encoding.UTF8.GetBytes(body + " ")));
    }

    [Fact]
    public void A_session_token_with_the_vectors_claims_is_the_vectors_token()
    {
        const string Expected = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3Nob3AtbmFtZS5teXNob3BpZnkuY29tL2FkbWluIiwiZGVzdCI6Imh0dHBzOi8vc2hvcC1uYW1lLm15c2hvcGlmeS5jb20iLCJhdWQiOiJjbGllbnQtaWQtMTIzIiwic3ViIjoiNDIiLCJleHAiOjE1OTE3NjUwNTgsIm5iZiI6MTU5MTc2NDk5OCwiaWF0IjoxNTkxNzY0OTk4LCJqdGkiOiJmODkxMjEyOS0xYWY2LTRjYWQtOWNhMy03NmIwZjc2MjEwODciLCJzaWQiOiJhYWVhMTgyZjI3MzJkNDRjMjMwNTdjMGZlYTU4NDAyMWE0NDg1YjJiZDI1ZDNlYjdmZDM0OTMxM2FkMjRjNjg1In0.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0";

        var token = Hush().MintSessionToken(new SessionTokenDescriptor
        {
            Shop = ShopDomain.Parse("shop-name.myshopify.com"),
            UserId = 42,
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(1591764998),
            TokenId = "f8912129-1af6-4cad-9ca3-76b0f7621087",
            SessionId = "aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685",
        });

        Assert.Equal(Expected, token);
    }

    [Fact]
    public async Task Minted_session_tokens_validate_with_an_independent_jwt_library()
    {
        const string Secret = "a-client-secret-long-enough-for-hs256";
        var time = new FakeTimeProvider(Harness.Start);
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = "client-id-123", ClientSecret = Secret, TimeProvider = time });
        var shop = emulator.AddShop("example").Domain;

        var token = emulator.MintSessionToken(shop, 40620294219);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://example.myshopify.com/admin",
            ValidAudience = "client-id-123",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(["iss", "dest", "aud", "sub", "exp", "nbf", "iat", "jti", "sid"], jwt.Claims.Select(c => c.Type).Distinct());
        Assert.Equal("https://example.myshopify.com", jwt.GetPayloadValue<string>("dest"));
        Assert.Equal("40620294219", jwt.Subject);
        Assert.Equal(Harness.Start.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(jwt.GetPayloadValue<long>("iat"), jwt.GetPayloadValue<long>("nbf"));
        Assert.Equal(60, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("nbf"));
        Assert.Matches("^[0-9a-f]{64}$", jwt.GetPayloadValue<string>("sid"));
        Assert.True(Guid.TryParse(jwt.Id, out _));

        // Same user, same admin session: same sid; a new token: a new jti.
        var again = new JsonWebToken(emulator.MintSessionToken(shop, 40620294219, TimeSpan.FromMinutes(5)));
        Assert.Equal(jwt.GetPayloadValue<string>("sid"), again.GetPayloadValue<string>("sid"));
        Assert.NotEqual(jwt.Id, again.Id);
        Assert.Equal(300, again.GetPayloadValue<long>("exp") - again.GetPayloadValue<long>("nbf"));
    }

    [Fact]
    public void Signed_queries_verify_independently()
    {
        var time = new FakeTimeProvider(Harness.Start);
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = Harness.ClientId, ClientSecret = Harness.ClientSecret, TimeProvider = time });
        var shop = emulator.AddShop("example").Domain;

        var install = Callbacks.ParseQuery(emulator.CreateInstallQuery(shop));
        var load = Callbacks.ParseQuery(emulator.CreateAppLoadQuery(shop));
        var custom = Callbacks.ParseQuery(emulator.SignQuery([new("shop", shop.Value), new("timestamp", "1"), new("hmac", "stale")]));

        Assert.Equal(["hmac", "host", "shop", "timestamp"], install.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Callbacks.ExpectedHmac(install), install["hmac"]);
        Assert.Equal(["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp"], load.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Callbacks.ExpectedHmac(load), load["hmac"]);
        Assert.Equal(new JsonWebToken(load["id_token"]).GetPayloadValue<string>("sid"), load["session"]);
        Assert.Equal(Callbacks.ExpectedHmac(custom), custom["hmac"]);
        Assert.True(ShopDomain.TryParseHost(install["host"], out var fromHost));
        Assert.Equal(shop, fromHost);
    }

    [Fact]
    public void App_proxy_queries_verify_independently()
    {
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = Harness.ClientId, ClientSecret = Harness.ClientSecret, TimeProvider = new FakeTimeProvider(Harness.Start) });
        var shop = emulator.AddShop("example").Domain;

        var query = emulator.SignAppProxyQuery(shop, "/apps/reviews", null, [new("extra", "1"), new("extra", "a b")]);

        var pairs = query.Split('&').Select(p => p.Split('=', 2)).Select(p => (Key: Uri.UnescapeDataString(p[0]), Value: Uri.UnescapeDataString(p[1]))).ToList();
        var signature = pairs.Single(p => p.Key == "signature").Value;
        var message = string.Concat(pairs.Where(p => p.Key != "signature").GroupBy(p => p.Key).Select(g => $"{g.Key}={string.Join(',', g.Select(p => p.Value))}").Order(StringComparer.Ordinal));
        Assert.Equal("extra=1,a blogged_in_customer_id=path_prefix=/apps/reviewsshop=example.myshopify.comtimestamp=" + Harness.Start.ToUnixTimeSeconds(), message);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Harness.ClientSecret), Encoding.UTF8.GetBytes(message))), signature);
    }
}
