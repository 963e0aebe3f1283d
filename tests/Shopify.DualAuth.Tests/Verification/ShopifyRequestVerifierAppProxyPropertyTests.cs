using System.Globalization;
using CsCheck;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>
/// Random proxy requests signed by <see cref="ReferenceSigner"/> (protocol.md §7 transcribed
/// independently of the production code) must verify, and every single change to them must not.
/// </summary>
public class ShopifyRequestVerifierAppProxyPropertyTests
{
    private const string Secret = "proxy-property-secret";
    private const long Now = 1_750_000_000;
    private const string ShopHost = "proxy-shop.myshopify.com";

    private static readonly Gen<SignedQuery> SignedRequests = Gen.Select(SignedQueryGenerators.Extras, Gen.Int[0, 1_000_000], Gen.Long[0, 1L << 50])
        .Select((extras, seed, customer) =>
        {
            var customerId = seed % 3 == 0 ? (long?)null : customer;
            var parameters = SignedQueryGenerators.InsertAt(extras, ("shop", ShopHost), seed);
            parameters = SignedQueryGenerators.InsertAt(parameters, ("timestamp", (Now + (seed % 181) - 90).ToString(CultureInfo.InvariantCulture)), seed / 3);
            parameters = SignedQueryGenerators.InsertAt(parameters, ("logged_in_customer_id", customerId?.ToString(CultureInfo.InvariantCulture) ?? ""), seed / 11);
            parameters = SignedQueryGenerators.InsertAt(parameters, ("path_prefix", "/apps/p q"), seed / 17);
            parameters = SignedQueryGenerators.InsertAt(parameters, ("signature", ReferenceSigner.Hmac(Secret, ReferenceSigner.AppProxyMessage(parameters))), seed / 23);
            return new SignedQuery(parameters, customerId, PlusForSpace: seed % 2 == 0);
        });

    private readonly ShopifyRequestVerifier _verifier = VerifierFactory.Create(Secret, Now);

    [Fact]
    public void Any_signed_proxy_request_verifies_through_both_overloads()
    {
        SignedRequests.Sample(
            signed =>
            {
                var expected = AppProxyVerificationResult.Success(VerifierFactory.Shop(ShopHost), signed.CustomerId, "/apps/p q");
                Assert.Equal(expected, _verifier.VerifyAppProxy(ReferenceSigner.RawQuery(signed.Parameters, signed.PlusForSpace)));
                Assert.Equal(expected, _verifier.VerifyAppProxy(ReferenceSigner.Collection(signed.Parameters)));
            },
            iter: 2_000,
            print: signed => SignedQueryGenerators.Describe(signed.Parameters));
    }

    [Fact]
    public void Any_single_change_to_a_signed_proxy_request_is_rejected()
    {
        Gen.Select(SignedRequests, Gen.Int[0, int.MaxValue], SignedQueryGenerators.Key, SignedQueryGenerators.Text(0, 3)).Sample(
            (signed, pick, addedKey, addedValue) =>
            {
                var mutations = Mutation.All(signed.Parameters, "signature", "hmac", "shop", "timestamp", "logged_in_customer_id", "path_prefix").ToList();
                mutations.Add(new Mutation("add random", [.. signed.Parameters, (addedKey, addedValue)], VerificationFailure.Mismatch, "signature"));
                var mutation = mutations[pick % mutations.Count];
                var expected = AppProxyVerificationResult.Fail(mutation.Failure, mutation.Parameter);

                Assert.Equal(expected, _verifier.VerifyAppProxy(ReferenceSigner.RawQuery(mutation.Parameters, signed.PlusForSpace)));
                Assert.Equal(expected, _verifier.VerifyAppProxy(ReferenceSigner.Collection(mutation.Parameters)));
            },
            iter: 5_000,
            print: t => $"pick {t.Item2}: {SignedQueryGenerators.Describe(t.Item1.Parameters)}");
    }

    public sealed record SignedQuery((string Key, string Value)[] Parameters, long? CustomerId, bool PlusForSpace);
}
