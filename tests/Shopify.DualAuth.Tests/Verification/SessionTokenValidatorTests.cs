using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Verification;
using static Shopify.DualAuth.Tests.Verification.SessionTokenTestData;

namespace Shopify.DualAuth.Tests.Verification;

public class SessionTokenValidatorTests
{
    private const long Now = 1591765000;

    private static SessionTokenValidator Validator(long now = Now, ShopifyAppOptions? options = null)
        => new(options ?? Options(), ManualClock.AtUnix(now));

    private static SessionTokenValidationResult Validate(JsonObject claims, string header = StandardHeader, string secret = VectorSecret)
        => Validator().Validate(Sign(claims, secret, header));

    private static void AssertFails(SessionTokenValidationResult result, VerificationFailure failure, string claim)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Token);
        Assert.Equal((failure, claim), (result.Failure, result.Claim));
    }

    [Fact]
    public void Protocol_vector_is_valid_and_yields_shop_user_and_ids()
    {
        var result = Validator().Validate(VectorToken);

        Assert.True(result.IsValid, result.ToString());
        var token = result.Token!;
        Assert.Equal("shop-name.myshopify.com", token.Shop.Value);
        Assert.Equal(42, token.UserId);
        Assert.Equal("f8912129-1af6-4cad-9ca3-76b0f7621087", token.TokenId);
        Assert.Equal("aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685", token.SessionId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(VectorExp), token.ExpiresAt);
        Assert.Same(VectorToken, token.RawToken);
    }

    [Theory]
    [InlineData(VectorExp + 9, true)]
    [InlineData(VectorExp + 10, true)]
    [InlineData(VectorExp + 11, false)]
    public void Protocol_vector_expires_after_ten_seconds_of_leeway(long now, bool valid)
    {
        var result = Validator(now).Validate(VectorToken);

        if (valid)
        {
            Assert.True(result.IsValid, result.ToString());
        }
        else
        {
            AssertFails(result, VerificationFailure.Expired, "exp");
        }
    }

    [Fact]
    public void Protocol_vector_fails_for_another_client_id()
        => AssertFails(Validator(options: Options(clientId: "client-id-456")).Validate(VectorToken), VerificationFailure.Mismatch, "aud");

    [Fact]
    public void Protocol_vector_fails_under_another_secret()
        => AssertFails(Validator(options: Options(secret: "hush2")).Validate(VectorToken), VerificationFailure.Mismatch, "signature");

    [Theory]
    // Header (36 characters, no spare bits): every change alters the decoded JSON.
    [InlineData(0, 0, 'f', VerificationFailure.Malformed, "header")] // '{' becomes 0x7F
    [InlineData(0, 14, 'J', VerificationFailure.Mismatch, "alg")] // "HS2u6"
    [InlineData(0, 35, '8', VerificationFailure.Malformed, "header")] // '}' becomes '|'
    // Payload: read only after the signature, so a decoded change is a signature mismatch.
    [InlineData(1, 10, 'A', VerificationFailure.Mismatch, "signature")]
    [InlineData(1, -1, '4', VerificationFailure.Mismatch, "signature")] // last char, data bits changed
    // Signature: decoded change.
    [InlineData(2, 5, 'A', VerificationFailure.Mismatch, "signature")]
    [InlineData(2, -1, '4', VerificationFailure.Mismatch, "signature")]
    // Spare bits only ('0' is sextet 52 = 110100; '1', '2', '3' differ only in the 2 unused bits):
    // the decoded bytes are unchanged, and the non-canonical spelling is rejected as such.
    [InlineData(1, -1, '1', VerificationFailure.Malformed, "payload")]
    [InlineData(1, -1, '3', VerificationFailure.Malformed, "payload")]
    [InlineData(2, -1, '1', VerificationFailure.Malformed, "signature")]
    [InlineData(2, -1, '2', VerificationFailure.Malformed, "signature")]
    [InlineData(2, -1, '3', VerificationFailure.Malformed, "signature")]
    public void One_character_mutations_of_the_vector_are_rejected(int segment, int index, char replacement, VerificationFailure failure, string claim)
    {
        var mutated = ReplaceInSegment(VectorToken, segment, index, replacement);
        Assert.NotEqual(VectorToken, mutated);

        AssertFails(Validator().Validate(mutated), failure, claim);
    }

    [Fact]
    public void Non_canonical_signature_carries_the_same_hmac_as_the_valid_one()
    {
        // Guards the test above: the spare-bit variants really decode to the valid signature.
        var valid = Convert.FromBase64String(VectorToken.Split('.')[2].Replace('-', '+').Replace('_', '/') + "=");
        var variant = Convert.FromBase64String(ReplaceInSegment(VectorToken, 2, -1, '3').Split('.')[2].Replace('-', '+').Replace('_', '/') + "=");

        Assert.Equal(valid, variant);
    }

    [Fact]
    public void Null_or_empty_token_is_missing()
    {
        AssertFails(Validator().Validate(string.Empty), VerificationFailure.Missing, "token");
        AssertFails(Validator().Validate(ReadOnlySpan<char>.Empty), VerificationFailure.Missing, "token");
        AssertFails(Validator().Validate((string?)null), VerificationFailure.Missing, "token");
    }

    [Fact]
    public void Resolves_from_dependency_injection_with_the_registered_clock_and_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(ManualClock.AtUnix(Now));
        services.AddShopifyDualAuth(o =>
        {
            o.ClientId = VectorClientId;
            o.ClientSecret = VectorSecret;
            o.Scopes = "read_products";
        });
        using var provider = services.BuildServiceProvider();

        var result = provider.GetRequiredService<SessionTokenValidator>().Validate(VectorToken);

        Assert.True(result.IsValid, result.ToString());
        Assert.Same(provider.GetRequiredService<SessionTokenValidator>(), provider.GetRequiredService<SessionTokenValidator>());
    }

    [Theory]
    [InlineData("not a jwt")]
    [InlineData("abc")]
    [InlineData("abc.def")]
    [InlineData("a.b.c.d")]
    [InlineData("a..b.c")]
    [InlineData(" " + VectorToken)]
    [InlineData(VectorToken + "\n")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0=")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q+")]
    public void Tokens_that_are_not_three_base64url_segments_are_malformed(string token)
        => AssertFails(Validator().Validate(token), VerificationFailure.Malformed, "token");

    [Fact]
    public void Tokens_longer_than_the_cap_are_rejected_before_any_work()
    {
        var huge = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + new string('A', SessionTokenValidator.MaxTokenLength) + ".sig";

        AssertFails(Validator().Validate(huge), VerificationFailure.Malformed, "token");
    }

    [Theory]
    [InlineData(".e30.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0", "header")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0", "payload")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.", "signature")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q", "signature")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0A", "signature")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0", "payload")]
    [InlineData("bm90IGpzb24.e30.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0", "header")]
    public void Empty_truncated_or_undecodable_segments_are_malformed(string token, string part)
        => AssertFails(Validator().Validate(token), VerificationFailure.Malformed, part);

    [Fact]
    public void Alg_none_is_rejected_with_or_without_a_signature()
    {
        var claims = Claims(Now).ToJsonString();
        var unsigned = Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(claims) + ".";
        var signed = Sign("""{"alg":"none","typ":"JWT"}""", claims, VectorSecret);

        AssertFails(Validator().Validate(unsigned), VerificationFailure.Mismatch, "alg");
        AssertFails(Validator().Validate(signed), VerificationFailure.Mismatch, "alg");
    }

    [Fact]
    public void Hs512_signed_with_the_secret_is_rejected()
    {
        var signingInput = Encode("""{"alg":"HS512","typ":"JWT"}""") + "." + Encode(Claims(Now).ToJsonString());
        var mac = HMACSHA512.HashData(Encoding.UTF8.GetBytes(VectorSecret), Encoding.ASCII.GetBytes(signingInput));
        var token = signingInput + "." + System.Buffers.Text.Base64Url.EncodeToString(mac);

        AssertFails(Validator().Validate(token), VerificationFailure.Mismatch, "alg");
    }

    [Theory]
    [InlineData("""{"alg":"RS256","typ":"JWT"}""", VerificationFailure.Mismatch, "alg")]
    [InlineData("""{"alg":"hs256","typ":"JWT"}""", VerificationFailure.Mismatch, "alg")]
    [InlineData("""{"typ":"JWT"}""", VerificationFailure.Missing, "alg")]
    [InlineData("""{"alg":256,"typ":"JWT"}""", VerificationFailure.Malformed, "alg")]
    [InlineData("""{"alg":"HS256","alg":"HS256"}""", VerificationFailure.Malformed, "alg")]
    [InlineData("""{"alg":"HS256","typ":"JWS"}""", VerificationFailure.Mismatch, "typ")]
    [InlineData("""{"alg":"HS256","typ":"JWT"} x""", VerificationFailure.Malformed, "header")]
    [InlineData("""["alg","HS256"]""", VerificationFailure.Malformed, "header")]
    public void Header_must_pin_hs256_and_jwt(string header, VerificationFailure failure, string claim)
        => AssertFails(Validate(Claims(Now), header), failure, claim);

    [Theory]
    [InlineData("""{"alg":"HS256"}""")]
    [InlineData("""{"typ":"JWT","alg":"HS256"}""")]
    [InlineData("""{"alg":"HS\u0032\u0035\u0036","typ":"JWT","kid":"k1","crit":["exp"]}""")]
    public void Header_accepts_omitted_typ_escapes_and_ignored_parameters(string header)
        => Assert.True(Validate(Claims(Now), header).IsValid);

    [Fact]
    public void Missing_exp_is_rejected()
    {
        var claims = Claims(Now);
        claims.Remove("exp");

        AssertFails(Validate(claims), VerificationFailure.Missing, "exp");
    }

    [Theory]
    [InlineData("\"1591765058\"")]
    [InlineData("1591765058.5")]
    [InlineData("null")]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800")]
    public void Exp_must_be_a_representable_integer(string exp)
    {
        var json = Claims(Now).ToJsonString().Replace("\"exp\":1591765060", "\"exp\":" + exp, StringComparison.Ordinal);
        Assert.Contains("\"exp\":" + exp, json, StringComparison.Ordinal);

        AssertFails(Validator().Validate(Sign(StandardHeader, json, VectorSecret)), VerificationFailure.Malformed, "exp");
    }

    [Theory]
    [InlineData(10, true)] // nbf exactly now + skew
    [InlineData(11, false)]
    [InlineData(3600, false)]
    public void Nbf_in_the_future_is_tolerated_only_within_the_skew(long ahead, bool valid)
    {
        var claims = Claims(Now + ahead);

        var result = Validate(claims);

        if (valid)
        {
            Assert.True(result.IsValid, result.ToString());
        }
        else
        {
            AssertFails(result, VerificationFailure.Expired, "nbf");
        }
    }

    [Fact]
    public void Nbf_after_exp_is_invalid_even_inside_the_window()
    {
        var claims = Claims(Now);
        claims["nbf"] = Now + 5;
        claims["exp"] = Now + 4;

        AssertFails(Validate(claims), VerificationFailure.Expired, "nbf");
    }

    [Fact]
    public void Nbf_is_optional()
    {
        var claims = Claims(Now);
        claims.Remove("nbf");

        Assert.True(Validate(claims).IsValid);
    }

    [Fact]
    public void Skew_comes_from_the_options()
    {
        var options = Options();
        options.ClockSkew = TimeSpan.Zero;

        Assert.True(Validator(VectorExp, options).Validate(VectorToken).IsValid);
        AssertFails(Validator(VectorExp + 1, options).Validate(VectorToken), VerificationFailure.Expired, "exp");
    }

    [Theory]
    [InlineData("""["other","client-id-123"]""", true)]
    [InlineData("""["client-id-123"]""", true)]
    [InlineData("""["other"]""", false)]
    [InlineData("""[]""", false)]
    [InlineData("\"client-id-1234\"", false)]
    [InlineData("\"client-id-123/\"", false)]
    public void Audience_may_be_a_string_or_an_array_containing_the_client_id(string aud, bool valid)
    {
        var claims = Claims(Now);
        claims["aud"] = JsonNode.Parse(aud);

        var result = Validate(claims);

        if (valid)
        {
            Assert.True(result.IsValid, result.ToString());
        }
        else
        {
            AssertFails(result, VerificationFailure.Mismatch, "aud");
        }
    }

    [Theory]
    [InlineData("aud", VerificationFailure.Missing)]
    [InlineData("dest", VerificationFailure.Missing)]
    [InlineData("iss", VerificationFailure.Missing)]
    [InlineData("sub", VerificationFailure.Missing)]
    public void Required_claims_must_be_present(string claim, VerificationFailure failure)
    {
        var claims = Claims(Now);
        claims.Remove(claim);

        AssertFails(Validate(claims), failure, claim);
    }

    [Fact]
    public void Sid_and_jti_are_optional()
    {
        var claims = Claims(Now);
        claims.Remove("sid");
        claims.Remove("jti");

        var token = Validate(claims).Token!;

        Assert.Equal(string.Empty, token.SessionId);
        Assert.Equal(string.Empty, token.TokenId);
    }

    [Fact]
    public void Escaped_slashes_are_read_as_json()
    {
        var json = Claims(Now).ToJsonString().Replace("/", "\\/", StringComparison.Ordinal);
        Assert.Contains("https:\\/\\/shop-name.myshopify.com\\/admin", json, StringComparison.Ordinal);

        var result = Validator().Validate(Sign(StandardHeader, json, VectorSecret));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("shop-name.myshopify.com", result.Token!.Shop.Value);
    }

    [Theory]
    [InlineData("https://Shop-Name.MyShopify.com", "https://shop-name.myshopify.com/admin")]
    [InlineData("https://shop-name.myshopify.com/", "https://shop-name.myshopify.com/admin")]
    [InlineData("HTTPS://shop-name.myshopify.com", "https://SHOP-NAME.myshopify.com/admin")]
    public void Dest_and_iss_compare_hosts_case_insensitively(string dest, string iss)
    {
        var claims = Claims(Now);
        claims["dest"] = dest;
        claims["iss"] = iss;

        var result = Validate(claims);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("shop-name.myshopify.com", result.Token!.Shop.Value);
    }

    [Theory]
    [InlineData("https://shop-name.myshopify.com", "https://other-shop.myshopify.com/admin", VerificationFailure.Mismatch, "iss")]
    [InlineData("https://shop-name.myshopify.com", "https://evil.example.com/admin", VerificationFailure.InvalidShop, "iss")]
    [InlineData("https://shop-name.myshopify.com", "https://shop-name.myshopify.com/checkouts", VerificationFailure.Mismatch, "iss")]
    [InlineData("https://shop-name.myshopify.com", "https://shop-name.myshopify.com/admin/", VerificationFailure.Mismatch, "iss")]
    [InlineData("https://shop-name.myshopify.com", "http://shop-name.myshopify.com/admin", VerificationFailure.Mismatch, "iss")]
    [InlineData("https://shop-name.myshopify.com", "https://shop-name.myshopify.com.evil.com/admin", VerificationFailure.InvalidShop, "iss")]
    [InlineData("https://shop-name.example.com", "https://shop-name.example.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("shop-name.myshopify.com", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("http://shop-name.myshopify.com", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("https://shop-name.myshopify.com/admin", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("https://admin.shopify.com/store/shop-name", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("https://https://shop-name.myshopify.com", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("https://shop-name.myshopify.com:443", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    [InlineData("https://user@shop-name.myshopify.com", "https://shop-name.myshopify.com/admin", VerificationFailure.InvalidShop, "dest")]
    public void Dest_names_a_valid_shop_and_iss_is_that_shop_admin(string dest, string iss, VerificationFailure failure, string claim)
    {
        var claims = Claims(Now);
        claims["dest"] = dest;
        claims["iss"] = iss;

        AssertFails(Validate(claims), failure, claim);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("gid://shopify/Customer/42")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    [InlineData("0")]
    [InlineData("042")]
    [InlineData("-42")]
    [InlineData("+42")]
    [InlineData(" 42")]
    [InlineData("")]
    public void Sub_must_be_a_positive_64_bit_user_id(string sub)
    {
        var claims = Claims(Now);
        claims["sub"] = sub;

        AssertFails(Validate(claims), VerificationFailure.Malformed, "sub");
    }

    [Fact]
    public void Numeric_sub_json_is_rejected_because_shopify_sends_a_string()
    {
        var claims = Claims(Now);
        claims["sub"] = 42;

        AssertFails(Validate(claims), VerificationFailure.Malformed, "sub");
    }

    [Fact]
    public void Largest_user_id_is_accepted()
    {
        var claims = Claims(Now);
        claims["sub"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(long.MaxValue, Validate(claims).Token!.UserId);
    }

    [Theory]
    [InlineData("""{"exp":1591765060,"exp":1591765060}""", "exp")]
    [InlineData("""{"sub":"42","sub":"43"}""", "sub")]
    [InlineData("""{"sid":1}""", "sid")]
    [InlineData("""{"jti":null}""", "jti")]
    [InlineData("""{"iss":["https://shop-name.myshopify.com/admin"]}""", "iss")]
    [InlineData("""{"aud":{"client-id-123":true}}""", "aud")]
    [InlineData("""{"aud":["client-id-123",1]}""", "aud")]
    [InlineData("""{"exp":1591765060} {}""", "payload")]
    [InlineData("""{"exp":1591765060""", "payload")]
    [InlineData("""[1591765060]""", "payload")]
    [InlineData("""{"sub":"\ud800"}""", "payload")]
    public void Payload_json_is_parsed_strictly(string payload, string part)
        => AssertFails(Validator().Validate(Sign(StandardHeader, payload, VectorSecret)), VerificationFailure.Malformed, part);

    [Fact]
    public void Invalid_utf8_in_the_payload_is_malformed()
    {
        var payload = System.Buffers.Text.Base64Url.EncodeToString([.. "{\"sub\":\""u8, 0xFF, .. "\"}"u8]);
        var token = SignSegments(Encode(StandardHeader), payload, VectorSecret);

        AssertFails(Validator().Validate(token), VerificationFailure.Malformed, "payload");
    }

    [Fact]
    public void Unknown_payload_claims_are_ignored()
    {
        var claims = Claims(Now);
        claims["sig"] = "whatever";
        claims["nested"] = new JsonObject { ["a"] = new JsonArray(1, 2, new JsonObject { ["exp"] = 0 }) };

        Assert.True(Validate(claims).IsValid);
    }

    [Fact]
    public void Previous_secret_is_accepted_during_rotation_and_unknown_secrets_are_not()
    {
        var options = Options("new-secret", VectorClientId, "old-secret");
        var validator = new SessionTokenValidator(options, ManualClock.AtUnix(Now));

        Assert.True(validator.Validate(Sign(Claims(Now), "old-secret")).IsValid);
        Assert.True(validator.Validate(Sign(Claims(Now), "new-secret")).IsValid);
        AssertFails(validator.Validate(Sign(Claims(Now), "older-secret")), VerificationFailure.Mismatch, "signature");
    }

    [Fact]
    public void Span_overload_validates_the_same_way()
    {
        var header = "Bearer " + VectorToken;
        Assert.True(SessionTokenValidator.TryGetBearerToken(header, out var token));

        var result = Validator().Validate(token);

        Assert.True(result.IsValid);
        Assert.Equal(VectorToken, result.Token!.RawToken);
        AssertFails(Validator().Validate(ReplaceInSegment(VectorToken, 2, 0, 'A').AsSpan()), VerificationFailure.Mismatch, "signature");
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("bearer abc", "abc")]
    [InlineData("BEARER  abc", " abc")]
    public void TryGetBearerToken_takes_everything_after_the_scheme(string header, string expected)
    {
        Assert.True(SessionTokenValidator.TryGetBearerToken(header, out var token));
        Assert.Equal(expected, token.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic abc")]
    [InlineData("Bearerabc")]
    [InlineData("Bearer abc\ndef")]
    [InlineData(" Bearer abc")]
    public void TryGetBearerToken_rejects_other_credentials(string header)
    {
        Assert.False(SessionTokenValidator.TryGetBearerToken(header, out var token));
        Assert.True(token.IsEmpty);
    }

    [Fact]
    public void ToString_of_results_and_tokens_never_contains_the_jwt()
    {
        var valid = Validator().Validate(VectorToken);
        var invalid = Validator().Validate(ReplaceInSegment(VectorToken, 2, 0, 'A'));
        var signature = VectorToken.Split('.')[2];
        var payload = VectorToken.Split('.')[1];

        foreach (var text in new[] { valid.ToString(), valid.Token!.ToString(), invalid.ToString() })
        {
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
            Assert.DoesNotContain(payload[..20], text, StringComparison.Ordinal);
        }

        Assert.Contains("shop-name.myshopify.com", valid.ToString(), StringComparison.Ordinal);
        Assert.Equal("Mismatch (signature)", invalid.ToString());
    }
}
