using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>The query-HMAC vectors of protocol.md §10.1, through both overloads, and every single mutation of them.</summary>
public class ShopifyRequestVerifierQueryVectorTests
{
    public static TheoryData<string> Vectors => ["Q1", "Q2", "Q5", "Q6"];

    public static TheoryData<string, Mutation> VectorMutations
    {
        get
        {
            var data = new TheoryData<string, Mutation>();
            foreach (var name in Vectors)
            {
                foreach (var mutation in Mutation.All(Vector(name).Parameters, "hmac", "shop", "timestamp"))
                {
                    data.Add(name, mutation);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Raw_query_gives_the_vectors_outcome(string name)
    {
        var vector = Vector(name);
        var verifier = VerifierFactory.Create(vector.Secret, vector.Now);

        Assert.Equal(vector.Expected, verifier.VerifyQuery(ReferenceSigner.RawQuery(vector.Parameters)));
        Assert.Equal(vector.Expected, verifier.VerifyQuery("?" + ReferenceSigner.RawQuery(vector.Parameters, plusForSpace: true)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Query_collection_gives_the_vectors_outcome(string name)
    {
        var vector = Vector(name);
        var verifier = VerifierFactory.Create(vector.Secret, vector.Now);

        Assert.Equal(vector.Expected, verifier.VerifyQuery(ReferenceSigner.Collection(vector.Parameters)));
    }

    [Fact]
    public void Q1_callback_query_as_printed_in_the_protocol_is_valid()
    {
        var verifier = VerifierFactory.Create("hush", 1337178173);

        var result = verifier.VerifyQuery("code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173");

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("some-shop.myshopify.com", result.Shop?.Value);
    }

    [Fact]
    public void Q6_matches_only_the_form_encoded_canonicalisation()
    {
        // Q6's shop is not a shop, so success is not possible; InvalidShop (rather than Mismatch) proves
        // the signature was accepted. A legacy-form signature over the same values is accepted too.
        var vector = Vector("Q6");
        var unsigned = vector.Parameters.Where(p => p.Key != "hmac").ToArray();
        var legacyMessage = ReferenceSigner.LegacyQueryMessage(unsigned);
        Assert.NotEqual(ReferenceSigner.FormEncodedQueryMessage(unsigned), legacyMessage);

        (string, string)[] legacySigned = [.. unsigned, ("hmac", ReferenceSigner.Hmac(vector.Secret, legacyMessage))];
        var verifier = VerifierFactory.Create(vector.Secret, vector.Now);
        Assert.Equal(VerificationResult.Fail(VerificationFailure.InvalidShop, "shop"), verifier.VerifyQuery(ReferenceSigner.RawQuery(legacySigned)));
    }

    [Theory]
    [MemberData(nameof(VectorMutations))]
    public void Every_single_mutation_of_a_vector_is_rejected(string name, Mutation mutation)
    {
        var vector = Vector(name);
        var verifier = VerifierFactory.Create(vector.Secret, vector.Now);
        var expected = VerificationResult.Fail(mutation.Failure, mutation.Parameter);

        Assert.Equal(expected, verifier.VerifyQuery(ReferenceSigner.RawQuery(mutation.Parameters)));
        Assert.Equal(expected, verifier.VerifyQuery(ReferenceSigner.Collection(mutation.Parameters)));
    }

    [Fact]
    public void A_signature_from_a_previous_secret_is_accepted_during_rotation()
    {
        var vector = Vector("Q1");
        var verifier = VerifierFactory.Create("the-new-secret", vector.Now, "an-older-secret", "hush");

        Assert.Equal(vector.Expected, verifier.VerifyQuery(ReferenceSigner.RawQuery(vector.Parameters)));
        Assert.Equal(vector.Expected, verifier.VerifyQuery(ReferenceSigner.Collection(vector.Parameters)));
    }

    [Fact]
    public void A_signature_from_an_unknown_secret_is_rejected()
    {
        var vector = Vector("Q1");
        var verifier = VerifierFactory.Create("the-new-secret", vector.Now, "an-older-secret");
        var mismatch = VerificationResult.Fail(VerificationFailure.Mismatch, "hmac");

        Assert.Equal(mismatch, verifier.VerifyQuery(ReferenceSigner.RawQuery(vector.Parameters)));
        Assert.Equal(mismatch, verifier.VerifyQuery(ReferenceSigner.Collection(vector.Parameters)));
    }

    [Fact]
    public void A_secret_rotated_in_through_the_options_monitor_takes_effect_without_a_new_verifier()
    {
        var vector = Vector("Q1");
        var monitor = new MutableOptionsMonitor(VerifierFactory.Options("before-rotation"));
        var verifier = new ShopifyRequestVerifier(monitor, VerifierFactory.Clock(vector.Now));
        var query = ReferenceSigner.RawQuery(vector.Parameters);
        Assert.Equal(VerificationFailure.Mismatch, verifier.VerifyQuery(query).Failure);

        monitor.CurrentValue = VerifierFactory.Options("hush", "before-rotation");
        Assert.Equal(vector.Expected, verifier.VerifyQuery(query));

        monitor.CurrentValue = VerifierFactory.Options("after-rotation");
        Assert.Equal(VerificationFailure.Mismatch, verifier.VerifyQuery(query).Failure);
    }

    internal static QueryVector Vector(string name) => name switch
    {
        "Q1" => new("hush", 1337178173,
            [
                ("code", "0907a61c0c8d55e99db179b68161bc00"),
                ("hmac", "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf"),
                ("shop", "some-shop.myshopify.com"),
                ("state", "0.6784241404160823"),
                ("timestamp", "1337178173"),
            ],
            VerificationResult.Success(VerifierFactory.Shop("some-shop.myshopify.com"))),
        "Q2" => new("hush", 1337178173,
            [
                ("shop", "some-shop.myshopify.com"),
                ("code", "0907a61c0c8d55e99db179b68161bc00"),
                ("timestamp", "1337178173"),
                ("hmac", "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20"),
            ],
            VerificationResult.Success(VerifierFactory.Shop("some-shop.myshopify.com"))),

        // No timestamp or shop: Missing(timestamp) is only reached once the signature has verified.
        "Q5" => new("secret", 1337178173,
            [
                ("a", "1&b=2"),
                ("c=3&d", "4"),
                ("hmac", "8de3c7e965d22fa21e059868e4004f5b6fbdcef293d1622ff9408edd6325bc6b"),
            ],
            VerificationResult.Fail(VerificationFailure.Missing, "timestamp")),

        // "the shop URL" is no shop: InvalidShop is only reached once the signature has verified.
        "Q6" => new("my super secret key", 1700000000,
            [
                ("code", "some code goes here"),
                ("shop", "the shop URL"),
                ("state", "some nonce passed from auth"),
                ("timestamp", "1700000000"),
                ("hmac", "10207991f5c2c65c114b70a3c3544ce1d00a236ea4ab034793de0d6407be9165"),
            ],
            VerificationResult.Fail(VerificationFailure.InvalidShop, "shop")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    internal sealed record QueryVector(string Secret, long Now, (string Key, string Value)[] Parameters, VerificationResult Expected);
}
