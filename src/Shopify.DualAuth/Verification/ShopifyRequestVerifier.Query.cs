using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

public sealed partial class ShopifyRequestVerifier
{
    private const string QueryName = "query";
    private const string HmacName = "hmac";
    private const string ShopName = "shop";
    private const string TimestampName = "timestamp";

    // Decoded queries and signed messages up to this size stay on the stack (an app load carrying an
    // id_token needs about 2.5 KiB of message buffer); longer ones use pooled arrays. Raw-query
    // buffers are sized to the input, so short queries do not pay for clearing all of it.
    private const int StackBufferSize = 4096;

    // ShopDomain accepts no longer input; checked here so the stack copy stays small.
    private const int MaxShopLength = 128;

    /// <summary>
    /// Verifies a query string Shopify signed with <c>hmac</c>: the install request, the OAuth
    /// callback and admin app loads.
    /// </summary>
    /// <param name="rawQuery">
    /// The raw, still percent-encoded query string, with or without its leading <c>?</c> (for example
    /// ASP.NET Core's <c>Request.QueryString.Value</c>).
    /// </param>
    /// <returns>
    /// The verified <see cref="VerificationResult.Shop"/>, or why the query was rejected. See
    /// <see cref="VerifyQuery(IEnumerable{KeyValuePair{string, StringValues}})"/> for the rules.
    /// </returns>
    public VerificationResult VerifyQuery(ReadOnlySpan<char> rawQuery)
    {
        if (rawQuery.StartsWith('?'))
        {
            rawQuery = rawQuery[1..];
        }

        if (!QueryStringDecoder.TryMeasure(rawQuery, out var maxBytes, out var maxParameters))
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, QueryName);
        }

        Span<QueryParameter> parameters = stackalloc QueryParameter[maxParameters];
        var bytes = new PooledByteWriter(maxBytes <= StackBufferSize ? stackalloc byte[maxBytes] : default);
        try
        {
            var decoded = QueryStringDecoder.TryDecode(rawQuery, bytes.GetSpan(maxBytes), parameters, out var count, out var length);
            bytes.Advance(length);
            return decoded
                ? VerifyQuery(new DecodedQuery(bytes.WrittenSpan, parameters[..count]))
                : VerificationResult.Fail(VerificationFailure.Malformed, QueryName);
        }
        finally
        {
            bytes.Dispose();
        }
    }

    /// <summary>
    /// Verifies a query string Shopify signed with <c>hmac</c>: the install request, the OAuth
    /// callback and admin app loads.
    /// </summary>
    /// <param name="query">The decoded query parameters, for example ASP.NET Core's <c>Request.Query</c>.</param>
    /// <returns>The verified <see cref="VerificationResult.Shop"/>, or why the query was rejected.</returns>
    /// <remarks>
    /// <para>
    /// Every parameter except <c>hmac</c> and <c>signature</c> is signed, whatever its name, so a
    /// parameter added to a signed URL is always detected. A repeated key is signed once with its values
    /// joined by <c>,</c>; an array key (<c>ids[]=2&amp;ids[]=1</c>) as <c>ids=["2", "1"]</c>. Both
    /// serialisations in use are accepted: the documented one and shopify-app-js's form-encoded one
    /// (protocol.md §1.5). Every configured secret is tried, and the digest is compared in constant time.
    /// </para>
    /// <para>
    /// Failures, with <see cref="VerificationResult.Parameter"/>: <c>query</c> is
    /// <see cref="VerificationFailure.Malformed"/> when the query is longer than 16 KiB, has more than
    /// 128 parameters, or has a bad percent-escape or invalid UTF-8; <c>hmac</c> is
    /// <see cref="VerificationFailure.Missing"/>, <see cref="VerificationFailure.Malformed"/> (not 64
    /// hex digits), <see cref="VerificationFailure.Duplicate"/> or
    /// <see cref="VerificationFailure.Mismatch"/>; <c>shop</c> and <c>timestamp</c> are
    /// <see cref="VerificationFailure.Duplicate"/> when repeated. Only once the signature is verified:
    /// <c>timestamp</c> is <see cref="VerificationFailure.Missing"/>,
    /// <see cref="VerificationFailure.Malformed"/> (not an integer) or
    /// <see cref="VerificationFailure.Expired"/> (further than
    /// <see cref="ShopifyAppOptions.RequestMaxAge"/> from now, either way); then <c>shop</c> is
    /// <see cref="VerificationFailure.Missing"/> or <see cref="VerificationFailure.InvalidShop"/>.
    /// </para>
    /// </remarks>
    public VerificationResult VerifyQuery(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Span<QueryParameter> parameters = stackalloc QueryParameter[QueryStringDecoder.MaxParameters];
        var bytes = new PooledByteWriter(stackalloc byte[StackBufferSize]);
        try
        {
            return QueryStringDecoder.TryEncode(query, ref bytes, parameters, out var count)
                ? VerifyQuery(new DecodedQuery(bytes.WrittenSpan, parameters[..count]))
                : VerificationResult.Fail(VerificationFailure.Malformed, QueryName);
        }
        finally
        {
            bytes.Dispose();
        }
    }

    private static bool QuerySignatureMatches(DecodedQuery query, HmacSha256Key[] keys, ReadOnlySpan<byte> expected)
    {
        var writer = new PooledByteWriter(stackalloc byte[MessageBufferSize(query)]);
        try
        {
            var legacyStart = QueryCanonicalizer.WriteLegacy(query, ref writer);
            if (AnyKeyMatches(keys, writer.WrittenSpan[legacyStart..], expected))
            {
                return true;
            }

            // The two serialisations coincide unless a key or value holds a character outside
            // A-Za-z0-9*-._ or a key repeats, which Shopify's own parameters never do; when they
            // coincide the second cannot match either, so a forged callback costs one HMAC per secret.
            var legacyEnd = writer.Length;
            var formStart = QueryCanonicalizer.WriteFormEncoded(query, ref writer);
            var written = writer.WrittenSpan;
            return !written[formStart..].SequenceEqual(written[legacyStart..legacyEnd])
                && AnyKeyMatches(keys, written[formStart..], expected);
        }
        finally
        {
            writer.Dispose();
        }
    }

    // Room for the pairs and the joined message when little needs escaping, which is the usual case.
    private static int MessageBufferSize(DecodedQuery query)
        => Math.Min(StackBufferSize, (2 * (query.ByteLength + query.Count)) + 16);

    private static bool AnyKeyMatches(HmacSha256Key[] keys, ReadOnlySpan<byte> message, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[HmacSha256Key.HashSize];
        foreach (var key in keys)
        {
            key.Compute(message, actual);
            if (DigestComparer.FixedTimeEquals(actual, expected))
            {
                return true;
            }
        }

        return false;
    }

    // The index of the only parameter named key (-1 when absent); false when the key is repeated.
    private static bool TryFindSingle(DecodedQuery query, ReadOnlySpan<byte> key, out int index)
    {
        index = query.IndexOf(key, out var occurrences);
        return occurrences <= 1;
    }

    private VerificationResult VerifyQuery(DecodedQuery query)
    {
        if (!TryFindSingle(query, "hmac"u8, out var hmacIndex))
        {
            return VerificationResult.Fail(VerificationFailure.Duplicate, HmacName);
        }

        if (hmacIndex < 0 || query.Value(hmacIndex).IsEmpty)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, HmacName);
        }

        Span<byte> expected = stackalloc byte[HmacSha256Key.HashSize];
        if (!HexDigest.TryDecode(query.Value(hmacIndex), expected))
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, HmacName);
        }

        if (!TryFindSingle(query, "shop"u8, out var shopIndex))
        {
            return VerificationResult.Fail(VerificationFailure.Duplicate, ShopName);
        }

        if (!TryFindSingle(query, "timestamp"u8, out var timestampIndex))
        {
            return VerificationResult.Fail(VerificationFailure.Duplicate, TimestampName);
        }

        // One snapshot for the whole check, so a concurrent rotation cannot mix two option versions.
        var secrets = _secrets.Current;
        if (!QuerySignatureMatches(query, secrets.Keys, expected))
        {
            return VerificationResult.Fail(VerificationFailure.Mismatch, HmacName);
        }

        var failure = CheckTimestamp(query, timestampIndex, secrets.Options.RequestMaxAge);
        if (failure != VerificationFailure.None)
        {
            return VerificationResult.Fail(failure, TimestampName);
        }

        failure = ResolveShop(query, shopIndex, out var shop);
        return failure == VerificationFailure.None
            ? VerificationResult.Success(shop)
            : VerificationResult.Fail(failure, ShopName);
    }

    private VerificationFailure CheckTimestamp(DecodedQuery query, int index, TimeSpan maxAge)
    {
        if (index < 0 || query.Value(index).IsEmpty)
        {
            return VerificationFailure.Missing;
        }

        // Unix seconds: digits only, no sign, no white space.
        if (!long.TryParse(query.Value(index), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return VerificationFailure.Malformed;
        }

        // Both differences are integral seconds, so "more than maxAge" is "more than whole seconds of
        // maxAge"; comparing against now ± window cannot overflow for any parsed timestamp.
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var window = maxAge.Ticks / TimeSpan.TicksPerSecond;
        return timestamp < now - window || timestamp > now + window
            ? VerificationFailure.Expired
            : VerificationFailure.None;
    }

    private static VerificationFailure ResolveShop(DecodedQuery query, int index, out ShopDomain? shop)
    {
        shop = null;
        if (index < 0 || query.Value(index).IsEmpty)
        {
            return VerificationFailure.Missing;
        }

        var value = query.Value(index);
        if (value.Length > MaxShopLength)
        {
            return VerificationFailure.InvalidShop;
        }

        Span<char> characters = stackalloc char[value.Length];
        return Ascii.ToUtf16(value, characters, out _) == OperationStatus.Done && ShopDomainCache.TryGet(characters, out shop)
            ? VerificationFailure.None
            : VerificationFailure.InvalidShop;
    }
}
