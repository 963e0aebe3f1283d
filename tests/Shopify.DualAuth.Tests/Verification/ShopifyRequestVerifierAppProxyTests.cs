using System.Globalization;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class ShopifyRequestVerifierAppProxyTests
{
    private const string Secret = "proxy-secret";
    private const long Now = 1_750_000_000;

    private readonly ShopifyRequestVerifier _verifier = VerifierFactory.Create(Secret, Now);

    [Fact]
    public void A_signed_proxy_request_is_valid_with_its_shop_customer_and_prefix()
    {
        var result = VerifyBoth(Signed(Proxy(customer: "7021")));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("example.myshopify.com", result.Shop?.Value);
        Assert.Equal(7021, result.LoggedInCustomerId);
        Assert.Equal("/apps/reviews", result.PathPrefix);
    }

    [Fact]
    public void An_empty_customer_id_means_nobody_is_logged_in()
    {
        var result = VerifyBoth(Signed(Proxy(customer: "")));

        Assert.True(result.IsValid, result.ToString());
        Assert.Null(result.LoggedInCustomerId);
    }

    [Fact]
    public void Customer_id_and_path_prefix_are_optional()
    {
        (string, string)[] parameters = [("shop", "example.myshopify.com"), ("timestamp", "1750000000")];
        var result = VerifyBoth(Signed(parameters));

        Assert.True(result.IsValid, result.ToString());
        Assert.Null(result.LoggedInCustomerId);
        Assert.Null(result.PathPrefix);
    }

    [Fact]
    public void A_signed_customer_id_that_is_not_an_integer_is_malformed()
    {
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Malformed, "logged_in_customer_id"), VerifyBoth(Signed(Proxy(customer: "12a"))));
    }

    [Fact]
    public void The_message_is_concatenated_without_separators_not_joined_like_a_query_hmac()
    {
        var parameters = Proxy(customer: "1");
        (string, string)[] querySigned = [.. parameters, ("signature", ReferenceSigner.Hmac(Secret, ReferenceSigner.LegacyQueryMessage(parameters)))];

        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Mismatch, "signature"), VerifyBoth(querySigned));
    }

    [Fact]
    public void Hmac_is_signed_like_any_other_parameter()
    {
        Assert.True(VerifyBoth(Signed([.. Proxy(customer: "1"), ("hmac", "not-a-digest")])).IsValid);
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Mismatch, "signature"), VerifyBoth([.. Signed(Proxy(customer: "1")), ("hmac", "x")]));
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("hmac")]
    [InlineData("shop")]
    [InlineData("timestamp")]
    [InlineData("logged_in_customer_id")]
    [InlineData("path_prefix")]
    public void A_shopper_cannot_smuggle_a_second_value_for_a_field_the_verifier_interprets(string key)
    {
        // A shopper controls the storefront query Shopify forwards and signs; a second value for any of
        // these must be refused, not joined or picked from.
        (string Key, string Value)[] signed = key switch
        {
            "signature" => [.. Signed(Proxy(customer: "")), ("signature", Signature(Proxy(customer: "")))],
            "hmac" => Signed([.. Proxy(customer: ""), ("hmac", "1"), ("hmac", "2")]),
            _ => Signed([.. Proxy(customer: ""), (key, "999")]),
        };

        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Duplicate, key), VerifyBoth(signed));
    }

    [Fact]
    public void Missing_or_malformed_signature_is_reported()
    {
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Missing, "signature"), VerifyBoth(Proxy(customer: "1")));
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Missing, "signature"), VerifyBoth([.. Proxy(customer: "1"), ("signature", "")]));
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Malformed, "signature"), VerifyBoth([.. Proxy(customer: "1"), ("signature", "xyz")]));
    }

    [Fact]
    public void A_wrong_signature_is_a_mismatch_and_reveals_nothing()
    {
        var result = VerifyBoth([.. Proxy(customer: "1"), ("signature", new string('f', 64))]);

        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Mismatch, "signature"), result);
        Assert.Null(result.Shop);
        Assert.Null(result.LoggedInCustomerId);
        Assert.Null(result.PathPrefix);
    }

    [Theory]
    [InlineData(-90, true)]
    [InlineData(90, true)]
    [InlineData(-91, false)]
    [InlineData(91, false)]
    public void The_timestamp_must_be_within_the_request_max_age(long offset, bool valid)
    {
        var result = VerifyBoth(Signed(Proxy(customer: "1", timestamp: (Now + offset).ToString(CultureInfo.InvariantCulture))));

        Assert.Equal(valid ? VerificationFailure.None : VerificationFailure.Expired, result.Failure);
        Assert.Equal(valid ? null : "timestamp", result.Parameter);
    }

    [Fact]
    public void Signed_requests_with_a_bad_timestamp_or_shop_are_rejected_with_the_right_parameter()
    {
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Missing, "timestamp"), VerifyBoth(Signed([.. Proxy(customer: "1").Where(p => p.Key != "timestamp")])));
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Malformed, "timestamp"), VerifyBoth(Signed(Proxy(customer: "1", timestamp: "soon"))));
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Missing, "shop"), VerifyBoth(Signed([.. Proxy(customer: "1").Where(p => p.Key != "shop")])));
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.InvalidShop, "shop"), VerifyBoth(Signed(Proxy(customer: "1", shop: "example.myshopify.com.evil.io"))));
    }

    [Theory]
    [InlineData("extra=%G1")]
    [InlineData("extra=%FE%FF")]
    public void Bad_encoding_is_malformed(string segment)
    {
        var query = ReferenceSigner.RawQuery(Signed(Proxy(customer: "1"))) + "&" + segment;

        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyAppProxy(query));
    }

    [Fact]
    public void Oversized_input_is_malformed()
    {
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyAppProxy(new string('a', 20_000)));
        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Malformed, "query"), _verifier.VerifyAppProxy(string.Concat(Enumerable.Repeat("a=1&", 200))));
    }

    private static (string Key, string Value)[] Proxy(string customer, string shop = "example.myshopify.com", string timestamp = "1750000000") =>
    [
        ("shop", shop),
        ("logged_in_customer_id", customer),
        ("path_prefix", "/apps/reviews"),
        ("timestamp", timestamp),
        ("q", "red shoes & socks"),
    ];

    private static string Signature((string Key, string Value)[] parameters)
        => ReferenceSigner.Hmac(Secret, ReferenceSigner.AppProxyMessage(parameters));

    private static (string Key, string Value)[] Signed((string Key, string Value)[] parameters)
        => [.. parameters, ("signature", Signature(parameters))];

    private AppProxyVerificationResult VerifyBoth((string Key, string Value)[] parameters)
    {
        var raw = _verifier.VerifyAppProxy(ReferenceSigner.RawQuery(parameters));
        var collection = _verifier.VerifyAppProxy(ReferenceSigner.Collection(parameters));
        Assert.Equal(raw, collection);
        return raw;
    }
}
