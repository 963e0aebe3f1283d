using Microsoft.Extensions.Primitives;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class ShopifyRequestVerifierQueryTests
{
    private const string Secret = "query-secret";
    private const long Now = 1_750_000_000;
    private const string Shop = "example-shop.myshopify.com";

    private readonly ShopifyRequestVerifier _verifier = VerifierFactory.Create(Secret, Now);

    [Fact]
    public void A_callback_signed_over_every_parameter_is_valid_and_names_the_shop()
    {
        var result = VerifyBoth(Signed(Callback()));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Shop, result.Shop?.Value);
        Assert.Null(result.Parameter);
    }

    [Fact]
    public void Parameters_Shopify_adds_later_are_signed_too()
    {
        (string, string)[] appLoad = [.. Callback(), ("embedded", "1"), ("locale", "pt-BR"), ("session", "a1b2c3"), ("id_token", "eyJ.abc-_.xyz")];

        Assert.True(VerifyBoth(Signed(appLoad)).IsValid);
        Assert.Equal(VerificationFailure.Mismatch, VerifyBoth([.. Signed(Callback()), ("locale", "en")]).Failure);
    }

    [Fact]
    public void Signature_is_neither_signed_nor_required()
    {
        Assert.True(VerifyBoth([.. Signed(Callback()), ("signature", "anything")]).IsValid);
    }

    [Fact]
    public void A_shop_in_another_accepted_spelling_is_returned_canonical()
    {
        var result = VerifyBoth(Signed(Callback(shop: "Example-Shop.MyShopify.com")));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Shop, result.Shop?.Value);
    }

    [Fact]
    public void Array_parameters_are_signed_in_the_ruby_inspect_format_and_keep_their_order()
    {
        (string, string)[] parameters = [.. Callback(), ("ids[]", "2"), ("ids[]", "1")];
        var message = ReferenceSigner.LegacyQueryMessage(parameters);
        Assert.Contains("&ids=[\"2\", \"1\"]&", message, StringComparison.Ordinal);

        Assert.True(VerifyBoth(Signed(parameters)).IsValid);

        (string, string)[] reordered = [.. Callback(), ("ids[]", "1"), ("ids[]", "2"), ("hmac", Hmac(parameters))];
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Mismatch, "hmac"), VerifyBoth(reordered));
    }

    [Fact]
    public void A_repeated_plain_key_is_signed_with_every_value_so_an_unsigned_repeat_is_rejected()
    {
        Assert.True(VerifyBoth(Signed([.. Callback(), ("tag", "a"), ("tag", "b")])).IsValid);

        (string, string)[] signedOnce = Signed([.. Callback(), ("tag", "a")]);
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Mismatch, "hmac"), VerifyBoth([.. signedOnce, ("tag", "b")]));
    }

    [Fact]
    public void Values_with_reserved_characters_verify_under_either_canonicalisation()
    {
        (string, string)[] parameters = [.. Callback(), ("return_to", "https://example.org/a b?c=d&e=%41"), ("note", "x+y=z")];
        var legacy = ReferenceSigner.LegacyQueryMessage(parameters);
        var formEncoded = ReferenceSigner.FormEncodedQueryMessage(parameters);
        Assert.NotEqual(legacy, formEncoded);

        Assert.True(VerifyBoth([.. parameters, ("hmac", ReferenceSigner.Hmac(Secret, legacy))]).IsValid);
        Assert.True(VerifyBoth([.. parameters, ("hmac", ReferenceSigner.Hmac(Secret, formEncoded))]).IsValid);
    }

    [Fact]
    public void An_upper_case_hex_digest_is_accepted()
    {
        (string, string)[] parameters = Callback();
        Assert.True(VerifyBoth([.. parameters, ("hmac", Hmac(parameters).ToUpperInvariant())]).IsValid);
    }

    [Fact]
    public void Missing_hmac_is_reported_as_missing()
    {
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "hmac"), VerifyBoth(Callback()));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "hmac"), VerifyBoth([.. Callback(), ("hmac", "")]));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "hmac"), _verifier.VerifyQuery(""));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "hmac"), _verifier.VerifyQuery("?"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4b")]
    [InlineData("700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf0")]
    [InlineData("700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bg")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=")]
    public void An_hmac_that_is_not_64_hex_digits_is_malformed(string hmac)
    {
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "hmac"), VerifyBoth([.. Callback(), ("hmac", hmac)]));
    }

    [Fact]
    public void A_wrong_signature_is_a_mismatch_and_names_no_shop()
    {
        var result = VerifyBoth([.. Callback(), ("hmac", new string('0', 64))]);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Mismatch, "hmac"), result);
        Assert.Null(result.Shop);
    }

    [Theory]
    [InlineData("hmac")]
    [InlineData("shop")]
    [InlineData("timestamp")]
    public void A_repeated_hmac_shop_or_timestamp_is_a_duplicate_even_when_signed(string key)
    {
        (string, string)[] parameters = [.. Callback(), (key, key == "hmac" ? new string('a', 64) : "1")];
        var signed = key == "hmac" ? [.. parameters, ("hmac", Hmac(parameters))] : Signed(parameters);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Duplicate, key), VerifyBoth(signed));
    }

    [Fact]
    public void A_percent_encoded_hmac_key_is_the_hmac_parameter()
    {
        var query = ReferenceSigner.RawQuery(Callback()) + "&hm%61c=" + Hmac(Callback());

        Assert.True(_verifier.VerifyQuery(query).IsValid);
    }

    [Fact]
    public void A_signed_query_without_shop_is_missing_the_shop()
    {
        var parameters = Callback().Where(p => p.Key != "shop").ToArray();

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "shop"), VerifyBoth(Signed(parameters)));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "shop"), VerifyBoth(Signed(Callback(shop: ""))));
    }

    [Theory]
    [InlineData("evil.com")]
    [InlineData("evil.myshopify.com.attacker.net")]
    [InlineData("shop.myshopify.com:443")]
    [InlineData("http://shop.myshopify.com")]
    [InlineData("sh\u00f6p.myshopify.com")]
    [InlineData("shop .myshopify.com")]
    public void A_signed_shop_that_is_not_a_shop_domain_is_invalid(string shop)
    {
        var result = VerifyBoth(Signed(Callback(shop: shop)));

        Assert.Equal(VerificationResult.Fail(VerificationFailure.InvalidShop, "shop"), result);
        Assert.Null(result.Shop);
    }

    [Fact]
    public void A_very_long_signed_shop_is_invalid()
    {
        Assert.Equal(VerificationResult.Fail(VerificationFailure.InvalidShop, "shop"), VerifyBoth(Signed(Callback(shop: new string('a', 200) + ".myshopify.com"))));
    }

    [Fact]
    public void A_signed_query_without_timestamp_is_missing_the_timestamp()
    {
        var parameters = Callback().Where(p => p.Key != "timestamp").ToArray();

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "timestamp"), VerifyBoth(Signed(parameters)));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Missing, "timestamp"), VerifyBoth(Signed(Callback(timestamp: ""))));
    }

    [Theory]
    [InlineData("17500000OO")]
    [InlineData("-1750000000")]
    [InlineData("+1750000000")]
    [InlineData(" 1750000000")]
    [InlineData("1750000000.5")]
    [InlineData("99999999999999999999999")]
    public void A_signed_timestamp_that_is_not_an_integer_is_malformed(string timestamp)
    {
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "timestamp"), VerifyBoth(Signed(Callback(timestamp: timestamp))));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-90, true)]
    [InlineData(90, true)]
    [InlineData(-91, false)]
    [InlineData(91, false)]
    [InlineData(-86_400, false)]
    [InlineData(-Now, false)]
    public void The_timestamp_must_be_within_the_request_max_age_on_either_side_of_now(long offset, bool valid)
    {
        var result = VerifyBoth(Signed(Callback(timestamp: (Now + offset).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(valid ? VerificationResult.Success(VerifierFactory.Shop(Shop)) : VerificationResult.Fail(VerificationFailure.Expired, "timestamp"), result);
    }

    [Fact]
    public void The_window_follows_the_configured_request_max_age()
    {
        var options = VerifierFactory.Options(Secret);
        options.RequestMaxAge = TimeSpan.FromMinutes(5);
        var verifier = new ShopifyRequestVerifier(options, VerifierFactory.Clock(Now));

        Assert.True(verifier.VerifyQuery(ReferenceSigner.RawQuery(Signed(Callback(timestamp: (Now - 300).ToString(System.Globalization.CultureInfo.InvariantCulture))))).IsValid);
        Assert.Equal(VerificationFailure.Expired, verifier.VerifyQuery(ReferenceSigner.RawQuery(Signed(Callback(timestamp: (Now - 301).ToString(System.Globalization.CultureInfo.InvariantCulture))))).Failure);
    }

    [Fact]
    public void The_clock_is_read_at_each_verification()
    {
        var clock = VerifierFactory.Clock(Now);
        var verifier = new ShopifyRequestVerifier(VerifierFactory.Options(Secret), clock);
        var query = ReferenceSigner.RawQuery(Signed(Callback()));
        Assert.True(verifier.VerifyQuery(query).IsValid);

        clock.Advance(TimeSpan.FromSeconds(91));

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Expired, "timestamp"), verifier.VerifyQuery(query));
    }

    [Fact]
    public void Empty_segments_and_a_key_without_equals_sign_parse_like_asp_net_core()
    {
        (string, string)[] parameters = [.. Callback(), ("flag", "")];
        var query = "&&" + ReferenceSigner.RawQuery(Callback()) + "&flag&&hmac=" + Hmac(parameters) + "&";

        Assert.True(_verifier.VerifyQuery(query).IsValid);
    }

    [Theory]
    [InlineData("%zz")]
    [InlineData("%4")]
    [InlineData("%")]
    [InlineData("a%2")]
    public void A_bad_percent_escape_is_malformed(string value)
    {
        var query = ReferenceSigner.RawQuery(Signed(Callback())) + "&extra=" + value;

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(query));
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("%C3%28")]
    [InlineData("%C0%AF")]
    [InlineData("%ED%A0%80")]
    [InlineData("%E2%82")]
    public void Escapes_that_spell_invalid_utf8_are_malformed(string value)
    {
        var query = ReferenceSigner.RawQuery(Signed(Callback())) + "&" + value + "=1";

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(query));
    }

    [Fact]
    public void Lone_surrogates_are_malformed_in_either_overload()
    {
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(ReferenceSigner.RawQuery(Signed(Callback())) + "&x=\ud800"));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery([.. ReferenceSigner.Collection(Signed(Callback())), new("x", "\udc00")]));
    }

    [Fact]
    public void Non_ascii_characters_left_unescaped_in_the_raw_query_are_read_as_utf8()
    {
        (string, string)[] parameters = [.. Callback(), ("name", "Zoë 日本 🎉")];
        var query = ReferenceSigner.RawQuery(Callback()) + "&name=Zoë+日本+🎉&hmac=" + Hmac(parameters);

        Assert.True(_verifier.VerifyQuery(query).IsValid);
    }

    [Fact]
    public void A_query_over_the_length_cap_is_malformed()
    {
        var padding = new string('a', 16 * 1024);
        var query = ReferenceSigner.RawQuery(Signed(Callback())) + "&pad=" + padding;

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(query));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery([.. ReferenceSigner.Collection(Signed(Callback())), new("pad", padding)]));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(new string('&', 1_000_000)));
    }

    [Fact]
    public void A_long_query_under_the_cap_is_verified()
    {
        // Longer than the stack buffers: exercises the pooled path.
        (string, string)[] parameters = [.. Callback(), ("id_token", new string('e', 5000)), ("note", new string('%', 3000))];

        Assert.True(VerifyBoth(Signed(parameters)).IsValid);
    }

    [Fact]
    public void More_parameters_than_the_cap_are_malformed()
    {
        var many = Enumerable.Range(0, 130).Select(i => ($"p{i}", "1")).ToArray();

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(ReferenceSigner.RawQuery(Signed([.. Callback(), .. many]))));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(ReferenceSigner.Collection(Signed([.. Callback(), .. many]))));
        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyQuery(new List<KeyValuePair<string, StringValues>> { new("k", new StringValues([.. Enumerable.Repeat("v", 200)])) }));
    }

    [Fact]
    public void A_key_with_no_values_in_the_collection_is_signed_with_an_empty_value()
    {
        (string, string)[] parameters = [.. Callback(), ("flag", "")];
        List<KeyValuePair<string, StringValues>> collection = [.. ReferenceSigner.Collection(Callback()), new("flag", StringValues.Empty), new("hmac", Hmac(parameters))];

        Assert.True(_verifier.VerifyQuery(collection).IsValid);
    }

    [Fact]
    public void Null_collection_is_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => _verifier.VerifyQuery((IEnumerable<KeyValuePair<string, StringValues>>)null!));
    }

    private static (string Key, string Value)[] Callback(string shop = Shop, string timestamp = "1750000000") =>
    [
        ("code", "0907a61c0c8d55e99db179b68161bc00"),
        ("host", "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvZXhhbXBsZS1zaG9w"),
        ("shop", shop),
        ("state", "a1B2c3D4e5F6"),
        ("timestamp", timestamp),
    ];

    private static string Hmac((string Key, string Value)[] parameters)
        => ReferenceSigner.Hmac(Secret, ReferenceSigner.LegacyQueryMessage(parameters));

    private static (string Key, string Value)[] Signed((string Key, string Value)[] parameters)
        => [.. parameters, ("hmac", Hmac(parameters))];

    // Both overloads must agree; returns their common result.
    private VerificationResult VerifyBoth((string Key, string Value)[] parameters)
    {
        var raw = _verifier.VerifyQuery(ReferenceSigner.RawQuery(parameters));
        var collection = _verifier.VerifyQuery(ReferenceSigner.Collection(parameters));
        Assert.Equal(raw, collection);
        return raw;
    }
}
