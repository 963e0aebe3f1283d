using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

public sealed partial class ShopifyRequestVerifier
{
    /// <summary>
    /// The longest webhook body, in bytes, that the <see cref="Stream"/> and <see cref="PipeReader"/>
    /// overloads of <c>VerifyWebhookAsync</c> read (10 MiB). A longer body fails as
    /// <see cref="VerificationFailure.Malformed"/> with parameter <c>body</c>, and is not read past the limit.
    /// </summary>
    public const int MaxWebhookBodySize = 10 * 1024 * 1024;

    private const string WebhookBodyParameter = "body";

    // Canonical base64 of a 32-byte digest: 43 characters and one '='.
    private const int WebhookHmacBase64Length = 44;

    // Below the large-object-heap threshold, and large enough that a typical webhook is read in one call.
    private const int WebhookStreamChunkSize = 16 * 1024;

    /// <summary>
    /// Verifies a webhook: <paramref name="hmacHeader"/> must be the base64 HMAC-SHA256 of exactly
    /// <paramref name="body"/> under one of the configured secrets. Allocates nothing.
    /// </summary>
    /// <param name="body">The raw request body, exactly as received (never re-serialised JSON).</param>
    /// <param name="hmacHeader">The value of <see cref="ShopifyWebhookHeaders.HmacSha256"/> (see <see cref="ShopifyWebhookHeaders.GetHmac"/>).</param>
    /// <returns>
    /// Success, or <see cref="VerificationFailure.Missing"/> (no header), <see cref="VerificationFailure.Malformed"/>
    /// (not the base64 of a 32-byte digest; a hex digest is malformed) or <see cref="VerificationFailure.Mismatch"/>
    /// (no secret signed this body, for example a webhook created in the store admin, which is signed with the
    /// store's own key), each with parameter <see cref="ShopifyWebhookHeaders.HmacSha256"/>.
    /// </returns>
    public VerificationResult VerifyWebhook(ReadOnlySpan<byte> body, ReadOnlySpan<char> hmacHeader)
    {
        Span<byte> expected = stackalloc byte[HmacSha256Key.HashSize];
        var failure = DecodeWebhookHmac(hmacHeader, expected);
        if (failure != VerificationFailure.None)
        {
            return VerificationResult.Fail(failure, ShopifyWebhookHeaders.HmacSha256);
        }

        Span<byte> actual = stackalloc byte[HmacSha256Key.HashSize];
        foreach (var key in _secrets.Keys)
        {
            key.Compute(body, actual);
            if (DigestComparer.FixedTimeEquals(actual, expected))
            {
                return VerificationResult.Success();
            }
        }

        return VerificationResult.Fail(VerificationFailure.Mismatch, ShopifyWebhookHeaders.HmacSha256);
    }

    /// <summary>
    /// Verifies a webhook whose body is held in a possibly multi-segment sequence (for example a
    /// <see cref="PipeReader"/> buffer). Allocates nothing.
    /// </summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="hmacHeader">The value of <see cref="ShopifyWebhookHeaders.HmacSha256"/>.</param>
    /// <returns>The same results as <see cref="VerifyWebhook(ReadOnlySpan{byte}, ReadOnlySpan{char})"/>.</returns>
    public VerificationResult VerifyWebhook(in ReadOnlySequence<byte> body, ReadOnlySpan<char> hmacHeader)
    {
        if (body.IsSingleSegment)
        {
            return VerifyWebhook(body.FirstSpan, hmacHeader);
        }

        Span<byte> expected = stackalloc byte[HmacSha256Key.HashSize];
        var failure = DecodeWebhookHmac(hmacHeader, expected);
        if (failure != VerificationFailure.None)
        {
            return VerificationResult.Fail(failure, ShopifyWebhookHeaders.HmacSha256);
        }

        Span<byte> actual = stackalloc byte[HmacSha256Key.HashSize];
        foreach (var key in _secrets.Keys)
        {
            var hash = key.Rent();
            try
            {
                foreach (var segment in body)
                {
                    hash.AppendData(segment.Span);
                }

                hash.GetHashAndReset(actual);
            }
            catch
            {
                // The hash may hold part of the body; it must not go back to the pool.
                hash.Dispose();
                throw;
            }

            key.Return(hash);
            if (DigestComparer.FixedTimeEquals(actual, expected))
            {
                return VerificationResult.Success();
            }
        }

        return VerificationResult.Fail(VerificationFailure.Mismatch, ShopifyWebhookHeaders.HmacSha256);
    }

    /// <summary>
    /// Verifies a webhook by reading <paramref name="body"/> to its end, in chunks, hashing it under
    /// every configured secret in the same pass, so non-seekable streams (such as ASP.NET Core's
    /// <c>Request.Body</c>) work.
    /// </summary>
    /// <remarks>
    /// The stream is consumed: when the header is well-formed it is read to its end (or to
    /// <see cref="MaxWebhookBodySize"/>) and is not rewound. A handler that also needs the body should
    /// buffer it first (<c>Request.EnableBuffering()</c>, then rewind after verifying) or use the
    /// <see cref="PipeReader"/> overload. A missing or malformed header fails without reading anything.
    /// </remarks>
    /// <param name="body">The raw request body.</param>
    /// <param name="hmacHeader">The value of <see cref="ShopifyWebhookHeaders.HmacSha256"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// The same results as <see cref="VerifyWebhook(ReadOnlySpan{byte}, ReadOnlySpan{char})"/>, and
    /// <see cref="VerificationFailure.Malformed"/> with parameter <c>body</c> when the body is longer than
    /// <see cref="MaxWebhookBodySize"/>.
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the body's type, so no call is ambiguous; an optional trailing CancellationToken is the .NET convention.")]
    public async ValueTask<VerificationResult> VerifyWebhookAsync(Stream body, string? hmacHeader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        cancellationToken.ThrowIfCancellationRequested();
        var failure = ValidateWebhookHmac(hmacHeader);
        if (failure != VerificationFailure.None)
        {
            return VerificationResult.Fail(failure, ShopifyWebhookHeaders.HmacSha256);
        }

        // A stream can be read only once, so every secret's hash is fed from the same read.
        var keys = _secrets.Keys;
        var hashes = ArrayPool<IncrementalHash>.Shared.Rent(keys.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(WebhookStreamChunkSize, keys.Length * HmacSha256Key.HashSize));
        var rented = 0;
        var used = 0;
        var finished = false;
        try
        {
            for (; rented < keys.Length; rented++)
            {
                hashes[rented] = keys[rented].Rent();
            }

            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                used = Math.Max(used, read);
                total += read;
                if (total > MaxWebhookBodySize)
                {
                    return VerificationResult.Fail(VerificationFailure.Malformed, WebhookBodyParameter);
                }

                for (var i = 0; i < rented; i++)
                {
                    hashes[i].AppendData(buffer, 0, read);
                }
            }

            var digests = buffer.AsSpan(0, keys.Length * HmacSha256Key.HashSize);
            used = Math.Max(used, digests.Length);
            for (var i = 0; i < rented; i++)
            {
                hashes[i].GetHashAndReset(digests.Slice(i * HmacSha256Key.HashSize, HmacSha256Key.HashSize));
            }

            finished = true;
            return MatchWebhookHmac(digests, hmacHeader);
        }
        finally
        {
            for (var i = 0; i < rented; i++)
            {
                if (finished)
                {
                    keys[i].Return(hashes[i]);
                }
                else
                {
                    // It holds part of a body. This path is rare, so the hash is discarded rather than
                    // finished just to be reused.
                    hashes[i].Dispose();
                }
            }

            ArrayPool<IncrementalHash>.Shared.Return(hashes, clearArray: true);

            // The shared pool outlives this request: leave no customer data or digests in it.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, used));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Verifies a webhook by reading <paramref name="body"/> to completion <em>without consuming it</em>:
    /// every read is advanced with nothing consumed and everything examined, so after verification the
    /// whole body is still there for the handler (ASP.NET Core's <c>Request.BodyReader</c>, or
    /// <c>Request.Body</c>, which reads through it).
    /// </summary>
    /// <remarks>
    /// The whole body stays buffered in the reader until the handler consumes it. A server that stops
    /// receiving once that much data is unconsumed never completes a larger body: Kestrel applies
    /// back-pressure at <c>KestrelServerLimits.MaxRequestBufferSize</c> (1 MiB by default) on HTTP/1.1
    /// and at the stream's flow-control window (<c>Http2Limits.InitialStreamWindowSize</c>, 768 KiB by
    /// default) on HTTP/2. Raise those limits to cover the largest expected webhook, or use the
    /// <see cref="Stream"/> overload over a buffered body (<c>Request.EnableBuffering()</c>) instead.
    /// A missing or malformed header fails without reading anything. If the reader's pending read is
    /// cancelled (<see cref="PipeReader.CancelPendingRead"/>), an <see cref="OperationCanceledException"/>
    /// is thrown with nothing consumed.
    /// </remarks>
    /// <param name="body">The reader of the raw request body.</param>
    /// <param name="hmacHeader">The value of <see cref="ShopifyWebhookHeaders.HmacSha256"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// The same results as <see cref="VerifyWebhook(ReadOnlySpan{byte}, ReadOnlySpan{char})"/>, and
    /// <see cref="VerificationFailure.Malformed"/> with parameter <c>body</c> when the body is longer than
    /// <see cref="MaxWebhookBodySize"/>.
    /// </returns>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the body's type, so no call is ambiguous; an optional trailing CancellationToken is the .NET convention.")]
    public async ValueTask<VerificationResult> VerifyWebhookAsync(PipeReader body, string? hmacHeader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        cancellationToken.ThrowIfCancellationRequested();
        var failure = ValidateWebhookHmac(hmacHeader);
        if (failure != VerificationFailure.None)
        {
            return VerificationResult.Fail(failure, ShopifyWebhookHeaders.HmacSha256);
        }

        // The body ends up buffered whole anyway, so it is hashed once at the end, one secret at a
        // time: a second secret costs nothing unless the first one mismatches.
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                throw new OperationCanceledException("The pending read of the webhook body was cancelled.");
            }

            if (buffer.Length > MaxWebhookBodySize)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                return VerificationResult.Fail(VerificationFailure.Malformed, WebhookBodyParameter);
            }

            if (result.IsCompleted)
            {
                var verdict = VerifyWebhook(buffer, hmacHeader);
                body.AdvanceTo(buffer.Start, buffer.End);
                return verdict;
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static VerificationFailure ValidateWebhookHmac(ReadOnlySpan<char> header)
    {
        Span<byte> digest = stackalloc byte[HmacSha256Key.HashSize];
        return DecodeWebhookHmac(header, digest);
    }

    private static VerificationResult MatchWebhookHmac(ReadOnlySpan<byte> digests, ReadOnlySpan<char> header)
    {
        Span<byte> expected = stackalloc byte[HmacSha256Key.HashSize];
        var failure = DecodeWebhookHmac(header, expected);
        if (failure != VerificationFailure.None)
        {
            return VerificationResult.Fail(failure, ShopifyWebhookHeaders.HmacSha256);
        }

        for (var offset = 0; offset < digests.Length; offset += HmacSha256Key.HashSize)
        {
            if (DigestComparer.FixedTimeEquals(digests.Slice(offset, HmacSha256Key.HashSize), expected))
            {
                return VerificationResult.Success();
            }
        }

        return VerificationResult.Fail(VerificationFailure.Mismatch, ShopifyWebhookHeaders.HmacSha256);
    }

    private static VerificationFailure DecodeWebhookHmac(ReadOnlySpan<char> header, Span<byte> digest)
    {
        if (header.IsEmpty)
        {
            return VerificationFailure.Missing;
        }

        // The length check rejects a hex digest (64 characters) before any decoding. The UTF-8 decoder,
        // unlike Convert.TryFromBase64Chars, rejects non-zero unused bits in the last character, so of the
        // four spellings of a digest only the canonical one Shopify sends is accepted; narrowing to ASCII
        // and decoding that way also takes half the time.
        Span<byte> ascii = stackalloc byte[WebhookHmacBase64Length];
        return header.Length == WebhookHmacBase64Length
            && Ascii.FromUtf16(header, ascii, out _) == OperationStatus.Done
            && Base64.DecodeFromUtf8(ascii, digest, out _, out var written) == OperationStatus.Done
            && written == HmacSha256Key.HashSize
            ? VerificationFailure.None
            : VerificationFailure.Malformed;
    }
}
