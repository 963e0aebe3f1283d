using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

public sealed partial class ShopifyRequestVerifier
{
    private const string SignatureName = "signature";
    private const string LoggedInCustomerIdName = "logged_in_customer_id";
    private const string PathPrefixName = "path_prefix";

    /// <summary>Verifies a request Shopify forwarded through the app proxy, signed with <c>signature</c>.</summary>
    /// <param name="rawQuery">
    /// The raw, still percent-encoded query string, with or without its leading <c>?</c> (for example
    /// ASP.NET Core's <c>Request.QueryString.Value</c>).
    /// </param>
    /// <returns>
    /// The verified shop, customer and path prefix, or why the request was rejected. See
    /// <see cref="VerifyAppProxy(IEnumerable{KeyValuePair{string, StringValues}})"/> for the rules.
    /// </returns>
    public AppProxyVerificationResult VerifyAppProxy(ReadOnlySpan<char> rawQuery)
    {
        if (rawQuery.StartsWith('?'))
        {
            rawQuery = rawQuery[1..];
        }

        if (!QueryStringDecoder.TryMeasure(rawQuery, out var maxBytes, out var maxParameters))
        {
            return AppProxyVerificationResult.Fail(VerificationFailure.Malformed, QueryName);
        }

        Span<QueryParameter> parameters = stackalloc QueryParameter[maxParameters];
        var bytes = new PooledByteWriter(maxBytes <= StackBufferSize ? stackalloc byte[maxBytes] : default);
        try
        {
            var decoded = QueryStringDecoder.TryDecode(rawQuery, bytes.GetSpan(maxBytes), parameters, out var count, out var length);
            bytes.Advance(length);
            return decoded
                ? VerifyAppProxy(new DecodedQuery(bytes.WrittenSpan, parameters[..count]))
                : AppProxyVerificationResult.Fail(VerificationFailure.Malformed, QueryName);
        }
        finally
        {
            bytes.Dispose();
        }
    }

    /// <summary>Verifies a request Shopify forwarded through the app proxy, signed with <c>signature</c>.</summary>
    /// <param name="query">The decoded query parameters, for example ASP.NET Core's <c>Request.Query</c>.</param>
    /// <returns>The verified shop, customer and path prefix, or why the request was rejected.</returns>
    /// <remarks>
    /// <para>
    /// The signature covers every parameter except <c>signature</c>: decoded values, a repeated key
    /// once with its values joined by <c>,</c>, the <c>key=value</c> strings sorted and concatenated
    /// with no separator (protocol.md §7). Every configured secret is tried, and the digest is
    /// compared in constant time.
    /// </para>
    /// <para>
    /// Shoppers choose the storefront query Shopify forwards, so a parameter this method interprets
    /// (<c>shop</c>, <c>timestamp</c>, <c>logged_in_customer_id</c>, <c>path_prefix</c>), or
    /// <c>signature</c> or <c>hmac</c>, appearing twice is <see cref="VerificationFailure.Duplicate"/>
    /// even though Shopify would have signed both values.
    /// </para>
    /// <para>
    /// Other failures, with <see cref="AppProxyVerificationResult.Parameter"/>: <c>query</c> is
    /// <see cref="VerificationFailure.Malformed"/> when the query is longer than 16 KiB, has more than
    /// 128 parameters, or has a bad percent-escape or invalid UTF-8; <c>signature</c> is
    /// <see cref="VerificationFailure.Missing"/>, <see cref="VerificationFailure.Malformed"/> (not 64
    /// hex digits) or <see cref="VerificationFailure.Mismatch"/>. Once the signature is verified:
    /// <c>timestamp</c> is <see cref="VerificationFailure.Missing"/>,
    /// <see cref="VerificationFailure.Malformed"/> or <see cref="VerificationFailure.Expired"/>
    /// (further than <see cref="ShopifyAppOptions.RequestMaxAge"/> from now); <c>shop</c> is
    /// <see cref="VerificationFailure.Missing"/> or <see cref="VerificationFailure.InvalidShop"/>;
    /// <c>logged_in_customer_id</c> is <see cref="VerificationFailure.Malformed"/> when neither empty
    /// nor an integer.
    /// </para>
    /// </remarks>
    public AppProxyVerificationResult VerifyAppProxy(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Span<QueryParameter> parameters = stackalloc QueryParameter[QueryStringDecoder.MaxParameters];
        var bytes = new PooledByteWriter(stackalloc byte[StackBufferSize]);
        try
        {
            return QueryStringDecoder.TryEncode(query, ref bytes, parameters, out var count)
                ? VerifyAppProxy(new DecodedQuery(bytes.WrittenSpan, parameters[..count]))
                : AppProxyVerificationResult.Fail(VerificationFailure.Malformed, QueryName);
        }
        finally
        {
            bytes.Dispose();
        }
    }

    private static bool AppProxySignatureMatches(DecodedQuery query, HmacSha256Key[] keys, ReadOnlySpan<byte> expected)
    {
        var writer = new PooledByteWriter(stackalloc byte[MessageBufferSize(query)]);
        try
        {
            var start = AppProxyCanonicalizer.Write(query, ref writer);
            return AnyKeyMatches(keys, writer.WrittenSpan[start..], expected);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private AppProxyVerificationResult VerifyAppProxy(DecodedQuery query)
    {
        if (!TryFindSingle(query, "signature"u8, out var signatureIndex))
        {
            return AppProxyVerificationResult.Fail(VerificationFailure.Duplicate, SignatureName);
        }

        if (signatureIndex < 0 || query.Value(signatureIndex).IsEmpty)
        {
            return AppProxyVerificationResult.Fail(VerificationFailure.Missing, SignatureName);
        }

        Span<byte> expected = stackalloc byte[HmacSha256Key.HashSize];
        if (!HexDigest.TryDecode(query.Value(signatureIndex), expected))
        {
            return AppProxyVerificationResult.Fail(VerificationFailure.Malformed, SignatureName);
        }

        var hmacUnique = TryFindSingle(query, "hmac"u8, out _);
        var shopUnique = TryFindSingle(query, "shop"u8, out var shopIndex);
        var timestampUnique = TryFindSingle(query, "timestamp"u8, out var timestampIndex);
        var customerUnique = TryFindSingle(query, "logged_in_customer_id"u8, out var customerIndex);
        var pathPrefixUnique = TryFindSingle(query, "path_prefix"u8, out var pathPrefixIndex);
        var repeated = !hmacUnique ? HmacName
            : !shopUnique ? ShopName
            : !timestampUnique ? TimestampName
            : !customerUnique ? LoggedInCustomerIdName
            : !pathPrefixUnique ? PathPrefixName
            : null;
        if (repeated is not null)
        {
            return AppProxyVerificationResult.Fail(VerificationFailure.Duplicate, repeated);
        }

        var secrets = _secrets.Current;
        if (!AppProxySignatureMatches(query, secrets.Keys, expected))
        {
            return AppProxyVerificationResult.Fail(VerificationFailure.Mismatch, SignatureName);
        }

        var failure = CheckTimestamp(query, timestampIndex, secrets.Options.RequestMaxAge);
        if (failure != VerificationFailure.None)
        {
            return AppProxyVerificationResult.Fail(failure, TimestampName);
        }

        failure = ResolveShop(query, shopIndex, out var shop);
        if (failure != VerificationFailure.None)
        {
            return AppProxyVerificationResult.Fail(failure, ShopName);
        }

        // Present but empty means nobody is logged in.
        long? customerId = null;
        if (customerIndex >= 0 && !query.Value(customerIndex).IsEmpty)
        {
            if (!long.TryParse(query.Value(customerIndex), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return AppProxyVerificationResult.Fail(VerificationFailure.Malformed, LoggedInCustomerIdName);
            }

            customerId = id;
        }

        var pathPrefix = pathPrefixIndex >= 0 ? Encoding.UTF8.GetString(query.Value(pathPrefixIndex)) : null;
        return AppProxyVerificationResult.Success(shop!, customerId, pathPrefix);
    }
}
