using System.Globalization;
using CsCheck;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>
/// Random parameter sets signed by <see cref="ReferenceSigner"/> (protocol.md §1.5 transcribed
/// independently of the production code) must verify, and every single change to them must not.
/// </summary>
public class ShopifyRequestVerifierQueryPropertyTests
{
    private const string Secret = "property-secret";
    private const long Now = 1_750_000_000;
    private const string ShopHost = "prop-shop.myshopify.com";

    private static readonly Gen<SignedQuery> SignedQueries = Gen.Select(SignedQueryGenerators.Extras, Gen.Int[0, 1_000_000], Gen.Bool)
        .Select((extras, seed, formEncoded) =>
        {
            var parameters = SignedQueryGenerators.InsertAt(extras, ("shop", ShopHost), seed);
            parameters = SignedQueryGenerators.InsertAt(parameters, ("timestamp", (Now - (seed % 91)).ToString(CultureInfo.InvariantCulture)), seed / 7);
            var message = formEncoded ? ReferenceSigner.FormEncodedQueryMessage(parameters) : ReferenceSigner.LegacyQueryMessage(parameters);
            parameters = SignedQueryGenerators.InsertAt(parameters, ("hmac", ReferenceSigner.Hmac(Secret, message)), seed / 49);
            return new SignedQuery(parameters, PlusForSpace: seed % 2 == 0);
        });

    private readonly ShopifyRequestVerifier _verifier = VerifierFactory.Create(Secret, Now);

    [Fact]
    public void Any_parameter_set_signed_under_either_scheme_verifies_through_both_overloads()
    {
        SignedQueries.Sample(
            signed =>
            {
                var raw = _verifier.VerifyQuery(ReferenceSigner.RawQuery(signed.Parameters, signed.PlusForSpace));
                var collection = _verifier.VerifyQuery(ReferenceSigner.Collection(signed.Parameters));

                var expected = VerificationResult.Success(VerifierFactory.Shop(ShopHost));
                Assert.Equal(expected, raw);
                Assert.Equal(expected, collection);
            },
            iter: 2_000,
            print: signed => SignedQueryGenerators.Describe(signed.Parameters));
    }

    [Fact]
    public void Any_single_change_to_a_signed_parameter_set_is_rejected()
    {
        Gen.Select(SignedQueries, Gen.Int[0, int.MaxValue], SignedQueryGenerators.Key, SignedQueryGenerators.Text(0, 3)).Sample(
            (signed, pick, addedKey, addedValue) =>
            {
                var mutations = Mutation.All(signed.Parameters, "hmac", "shop", "timestamp").ToList();
                mutations.Add(new Mutation("add random", [.. signed.Parameters, (addedKey, addedValue)], VerificationFailure.Mismatch, "hmac"));
                var mutation = mutations[pick % mutations.Count];
                var expected = VerificationResult.Fail(mutation.Failure, mutation.Parameter);

                Assert.Equal(expected, _verifier.VerifyQuery(ReferenceSigner.RawQuery(mutation.Parameters, signed.PlusForSpace)));
                Assert.Equal(expected, _verifier.VerifyQuery(ReferenceSigner.Collection(mutation.Parameters)));
            },
            iter: 5_000,
            print: t => $"{t.Item1.Parameters.Length} params, pick {t.Item2}: {SignedQueryGenerators.Describe(t.Item1.Parameters)}");
    }

    [Fact]
    public void Arbitrary_input_never_throws_and_never_verifies()
    {
        var hostile = Gen.OneOfConst("a", "=", "&", "%", "%2", "%F", "%FF", "%C3", "%A9", "+", "hmac", "shop", "timestamp", "signature", "\ud800", "\udc00", "🎉", "é", "?", "0", "f")
            .Array[0, 40].Select(pieces => string.Concat(pieces));

        hostile.Sample(
            text =>
            {
                Assert.False(_verifier.VerifyQuery(text).IsValid);
                Assert.False(_verifier.VerifyAppProxy(text).IsValid);
            },
            iter: 5_000);
    }

    public sealed record SignedQuery((string Key, string Value)[] Parameters, bool PlusForSpace);
}
