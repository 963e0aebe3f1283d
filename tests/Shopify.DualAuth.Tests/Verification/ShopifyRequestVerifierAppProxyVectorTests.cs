using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>The app-proxy vectors of protocol.md §10.2, through both overloads, and every single mutation of them.</summary>
public class ShopifyRequestVerifierAppProxyVectorTests
{
    private const long Now = 1317327555;

    public static TheoryData<string> Vectors => ["P1", "P4"];

    public static TheoryData<string, Mutation> VectorMutations
    {
        get
        {
            var data = new TheoryData<string, Mutation>();
            foreach (var name in Vectors)
            {
                foreach (var mutation in Mutation.All(Vector(name).Parameters, "signature", "hmac", "shop", "timestamp", "logged_in_customer_id", "path_prefix"))
                {
                    data.Add(name, mutation);
                }
            }

            return data;
        }
    }

    [Fact]
    public void P1_as_forwarded_by_shopify_is_valid_with_its_customer_and_prefix()
    {
        var verifier = VerifierFactory.Create("hush", Now);

        var result = verifier.VerifyAppProxy("?extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("shop-name.myshopify.com", result.Shop?.Value);
        Assert.Equal(1, result.LoggedInCustomerId);
        Assert.Equal("/apps/awesome_reviews", result.PathPrefix);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Raw_query_gives_the_vectors_outcome(string name)
    {
        var (parameters, expected) = Vector(name);
        var verifier = VerifierFactory.Create("hush", Now);

        Assert.Equal(expected, verifier.VerifyAppProxy(ReferenceSigner.RawQuery(parameters)));
        Assert.Equal(expected, verifier.VerifyAppProxy(ReferenceSigner.RawQuery(parameters, plusForSpace: true)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Query_collection_gives_the_vectors_outcome(string name)
    {
        var (parameters, expected) = Vector(name);
        var verifier = VerifierFactory.Create("hush", Now);

        Assert.Equal(expected, verifier.VerifyAppProxy(ReferenceSigner.Collection(parameters)));
    }

    [Theory]
    [MemberData(nameof(VectorMutations))]
    public void Every_single_mutation_of_a_vector_is_rejected(string name, Mutation mutation)
    {
        _ = Vector(name);
        var verifier = VerifierFactory.Create("hush", Now);
        var expected = AppProxyVerificationResult.Fail(mutation.Failure, mutation.Parameter);

        Assert.Equal(expected, verifier.VerifyAppProxy(ReferenceSigner.RawQuery(mutation.Parameters)));
        Assert.Equal(expected, verifier.VerifyAppProxy(ReferenceSigner.Collection(mutation.Parameters)));
    }

    [Fact]
    public void Repeated_values_keep_their_arrival_order()
    {
        var (parameters, _) = Vector("P1");
        var swapped = parameters.Select(p => p.Key == "extra" ? (p.Key, p.Value == "1" ? "2" : "1") : p).ToArray();

        Assert.Equal(AppProxyVerificationResult.Fail(VerificationFailure.Mismatch, "signature"), VerifierFactory.Create("hush", Now).VerifyAppProxy(ReferenceSigner.RawQuery(swapped)));
    }

    [Fact]
    public void A_signature_from_a_previous_secret_is_accepted_and_an_unknown_one_rejected()
    {
        var (parameters, expected) = Vector("P1");

        Assert.Equal(expected, VerifierFactory.Create("rotated", Now, "hush").VerifyAppProxy(ReferenceSigner.RawQuery(parameters)));
        Assert.Equal(expected, VerifierFactory.Create("rotated", Now, "hush").VerifyAppProxy(ReferenceSigner.Collection(parameters)));
        Assert.Equal(
            AppProxyVerificationResult.Fail(VerificationFailure.Mismatch, "signature"),
            VerifierFactory.Create("rotated", Now, "older").VerifyAppProxy(ReferenceSigner.RawQuery(parameters)));
    }

    internal static ((string Key, string Value)[] Parameters, AppProxyVerificationResult Expected) Vector(string name) => name switch
    {
        "P1" => (
            [
                ("extra", "1"),
                ("extra", "2"),
                ("shop", "shop-name.myshopify.com"),
                ("logged_in_customer_id", "1"),
                ("path_prefix", "/apps/awesome_reviews"),
                ("timestamp", "1317327555"),
                ("signature", "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb"),
            ],
            AppProxyVerificationResult.Success(VerifierFactory.Shop("shop-name.myshopify.com"), 1, "/apps/awesome_reviews")),
        "P4" => (
            [
                ("extra", "a b"),
                ("logged_in_customer_id", ""),
                ("path_prefix", "/apps/awesome_reviews"),
                ("shop", "shop-name.myshopify.com"),
                ("timestamp", "1317327555"),
                ("signature", "4a780d8dde6d5dc5cebfe011244664cf11071388266480bf57f01c49a0ab42c5"),
            ],
            AppProxyVerificationResult.Success(VerifierFactory.Shop("shop-name.myshopify.com"), null, "/apps/awesome_reviews")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
