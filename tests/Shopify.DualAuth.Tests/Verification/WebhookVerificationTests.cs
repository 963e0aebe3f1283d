using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class WebhookVerificationTests
{
    // protocol.md §10.3.
    private const string W1Body = """{"id":1,"shop_id":"gid://shopify/Shop/548380009","previous":["read_products"],"current":["read_products","write_products"],"updated_at":"2024-06-25T00:00:00.000Z"}""";
    private const string W1Hmac = "ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=";
    private const string W2Body = """{"shop_id":954889,"shop_domain":"shop-name.myshopify.com"}""";
    private const string W2Hmac = "xexMoPw79q/Fx0YL10CmMAHu5yZTcaiZq44gsMSyjIk=";

    private static readonly ShopifyRequestVerifier Hush = Verifier("hush");

    public static TheoryData<WebhookBodyForm, string, string> VectorsInEveryForm()
    {
        var data = new TheoryData<WebhookBodyForm, string, string>();
        foreach (var form in Enum.GetValues<WebhookBodyForm>())
        {
            data.Add(form, W1Body, W1Hmac);
            data.Add(form, W2Body, W2Hmac);
        }

        return data;
    }

    public static TheoryData<WebhookBodyForm> EveryForm => WebhookBody.AllForms;

    public static TheoryData<WebhookBodyForm, int> LargeBodiesInEveryForm()
    {
        var data = new TheoryData<WebhookBodyForm, int>();
        foreach (var form in Enum.GetValues<WebhookBodyForm>())
        {
            // Empty, around the hash block size, around the 16 KiB read chunk, and large.
            foreach (var size in new[] { 0, 1, 63, 64, 65, 16 * 1024, (16 * 1024) + 1, 100_000, 1_048_577 })
            {
                data.Add(form, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorsInEveryForm))]
    public async Task Accepts_the_protocol_vectors(WebhookBodyForm form, string body, string hmac)
    {
        var result = await WebhookBody.VerifyAsync(Hush, form, Encoding.UTF8.GetBytes(body), hmac);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(VerificationFailure.None, result.Failure);
        Assert.Null(result.Parameter);
        Assert.Null(result.Shop);
    }

    [Theory]
    [MemberData(nameof(VectorsInEveryForm))]
    public async Task Rejects_the_same_body_with_a_trailing_space(WebhookBodyForm form, string body, string hmac)
    {
        var result = await WebhookBody.VerifyAsync(Hush, form, Encoding.UTF8.GetBytes(body + " "), hmac);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Mismatch, ShopifyWebhookHeaders.HmacSha256), result);
    }

    [Theory]
    [MemberData(nameof(VectorsInEveryForm))]
    public async Task Rejects_a_hex_digest_as_malformed(WebhookBodyForm form, string body, string hmac)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData("hush"u8, bytes));
        Assert.Equal(Convert.FromBase64String(hmac), Convert.FromHexString(hex));

        var result = await WebhookBody.VerifyAsync(Hush, form, bytes, hex);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, ShopifyWebhookHeaders.HmacSha256), result);
    }

    [Theory]
    [MemberData(nameof(EveryForm))]
    public async Task Reports_a_missing_header(WebhookBodyForm form)
    {
        var expected = VerificationResult.Fail(VerificationFailure.Missing, ShopifyWebhookHeaders.HmacSha256);

        Assert.Equal(expected, await WebhookBody.VerifyAsync(Hush, form, Encoding.UTF8.GetBytes(W1Body), null));
        Assert.Equal(expected, await WebhookBody.VerifyAsync(Hush, form, Encoding.UTF8.GetBytes(W1Body), string.Empty));
    }

    [Theory]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0")] // padding dropped
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0==")]
    [InlineData(" ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0= ")]
    [InlineData("ytP40epklSYNjmPPlVXLs08T jT9F12VcMywvwtFi1u0=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u1=")] // same digest, non-zero unused bits
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u2=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u3=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u =")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u\u00e9=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u!=")]
    [InlineData("ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=,ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=")] // header sent twice
    [InlineData("sha256=ytP40epklSYNjmPPlVXLs08TjT9F12VcMywvwtFi1u0=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 31 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 33 bytes
    public void Rejects_anything_but_canonical_base64_of_32_bytes(string header)
    {
        var result = Hush.VerifyWebhook(Encoding.UTF8.GetBytes(W1Body), header);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, ShopifyWebhookHeaders.HmacSha256), result);
    }

    [Fact]
    public void Rejects_the_url_safe_alphabet()
    {
        var urlSafe = W2Hmac.Replace('/', '_');
        Assert.NotEqual(W2Hmac, urlSafe);

        var result = Hush.VerifyWebhook(Encoding.UTF8.GetBytes(W2Body), urlSafe);

        Assert.Equal(VerificationFailure.Malformed, result.Failure);
    }

    [Theory]
    [MemberData(nameof(EveryForm))]
    public async Task Accepts_a_webhook_signed_with_a_previous_secret(WebhookBodyForm form)
    {
        var verifier = Verifier("new-secret", "older-secret", "hush");

        var result = await WebhookBody.VerifyAsync(verifier, form, Encoding.UTF8.GetBytes(W1Body), W1Hmac);

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [MemberData(nameof(EveryForm))]
    public async Task Accepts_the_current_secret_while_previous_secrets_are_configured(WebhookBodyForm form)
    {
        var verifier = Verifier("hush", "older-secret");

        var result = await WebhookBody.VerifyAsync(verifier, form, Encoding.UTF8.GetBytes(W2Body), W2Hmac);

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [MemberData(nameof(EveryForm))]
    public async Task Rejects_a_webhook_signed_with_an_unknown_secret(WebhookBodyForm form)
    {
        var verifier = Verifier("new-secret", "older-secret");

        var result = await WebhookBody.VerifyAsync(verifier, form, Encoding.UTF8.GetBytes(W1Body), W1Hmac);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Mismatch, ShopifyWebhookHeaders.HmacSha256), result);
    }

    [Fact]
    public void Follows_a_secret_rotation_made_through_the_options()
    {
        var monitor = new ChangingOptionsMonitor(new ShopifyAppOptions { ClientId = "id", ClientSecret = "old" });
        var verifier = new ShopifyRequestVerifier(monitor, TimeProvider.System);
        var body = Encoding.UTF8.GetBytes(W1Body);
        Assert.Equal(VerificationFailure.Mismatch, verifier.VerifyWebhook(body, W1Hmac).Failure);

        monitor.CurrentValue = new ShopifyAppOptions { ClientId = "id", ClientSecret = "hush" };

        Assert.True(verifier.VerifyWebhook(body, W1Hmac).IsValid);
    }

    [Fact]
    public void Rejects_every_one_byte_change_of_the_body()
    {
        var body = Encoding.UTF8.GetBytes(W1Body);
        Gen.Select(Gen.Int[0, body.Length - 1], Gen.Byte[1, 255]).Sample((position, flip) =>
        {
            var mutated = (byte[])body.Clone();
            mutated[position] ^= flip;
            var sequence = WebhookBody.Segmented(mutated, 5);

            return Hush.VerifyWebhook(mutated, W1Hmac).Failure == VerificationFailure.Mismatch
                && Hush.VerifyWebhook(sequence, W1Hmac).Failure == VerificationFailure.Mismatch;
        });
    }

    [Fact]
    public void Rejects_every_one_character_change_of_the_header()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        var body = Encoding.UTF8.GetBytes(W1Body);
        Gen.Select(Gen.Int[0, W1Hmac.Length - 1], Gen.Int[0, alphabet.Length - 1]).Where((position, replacement) => W1Hmac[position] != alphabet[replacement]).Sample((position, replacement) =>
        {
            var header = W1Hmac.ToCharArray();
            header[position] = alphabet[replacement];

            var result = Hush.VerifyWebhook(body, header);
            return result.Failure is VerificationFailure.Mismatch or VerificationFailure.Malformed;
        });
    }

    [Theory]
    [MemberData(nameof(LargeBodiesInEveryForm))]
    public async Task Verifies_bodies_of_any_size_against_a_reference_hmac(WebhookBodyForm form, int size)
    {
        var body = new byte[size];
        new Random(size).NextBytes(body);
        var header = Convert.ToBase64String(HMACSHA256.HashData("hush"u8, body));

        Assert.True((await WebhookBody.VerifyAsync(Hush, form, body, header)).IsValid);

        if (size > 0)
        {
            body[size / 2] ^= 0x01;
            Assert.Equal(VerificationFailure.Mismatch, (await WebhookBody.VerifyAsync(Hush, form, body, header)).Failure);
        }
    }

    [Fact]
    public async Task The_stream_overload_reads_the_stream_to_its_end()
    {
        var body = Encoding.UTF8.GetBytes(W1Body);
        using var seekable = new MemoryStream(body);
        var nonSeekable = new NonSeekableStream(body, maxReadSize: 10);

        Assert.True((await Hush.VerifyWebhookAsync(seekable, W1Hmac, TestContext.Current.CancellationToken)).IsValid);
        Assert.True((await Hush.VerifyWebhookAsync(nonSeekable, W1Hmac, TestContext.Current.CancellationToken)).IsValid);

        Assert.Equal(body.Length, seekable.Position);
        Assert.Equal(body.Length, nonSeekable.BytesRead);
    }

    [Fact]
    public async Task A_bad_header_fails_without_reading_the_body()
    {
        var stream = new NonSeekableStream(Encoding.UTF8.GetBytes(W1Body), maxReadSize: 10);
        var pipe = new Pipe();

        Assert.Equal(VerificationFailure.Missing, (await Hush.VerifyWebhookAsync(stream, null, TestContext.Current.CancellationToken)).Failure);
        Assert.Equal(VerificationFailure.Malformed, (await Hush.VerifyWebhookAsync(stream, "not-base64", TestContext.Current.CancellationToken)).Failure);
        Assert.Equal(VerificationFailure.Malformed, (await Hush.VerifyWebhookAsync(pipe.Reader, "not-base64", TestContext.Current.CancellationToken)).Failure);

        Assert.Equal(0, stream.BytesRead);
        Assert.False(pipe.Reader.TryRead(out _));
    }

    [Fact]
    public async Task The_pipe_overload_waits_for_the_whole_body_and_leaves_it_unconsumed()
    {
        var body = Encoding.UTF8.GetBytes(W1Body);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(body.AsMemory(0, 100), TestContext.Current.CancellationToken);

        var verifying = Hush.VerifyWebhookAsync(pipe.Reader, W1Hmac, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(verifying.IsCompleted);

        await pipe.Writer.WriteAsync(body.AsMemory(100), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();

        Assert.True((await verifying).IsValid);
        Assert.Equal(body, await WebhookBody.ReadToEndAsync(pipe.Reader));
    }

    [Fact]
    public async Task The_stream_overload_honours_cancellation()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(W1Body).AsMemory(0, 100), TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();

        var verifying = Hush.VerifyWebhookAsync(pipe.Reader.AsStream(), W1Hmac, cts.Token).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(verifying.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifying);
    }

    [Fact]
    public async Task The_pipe_overload_honours_cancellation_and_leaves_the_data_readable()
    {
        var body = Encoding.UTF8.GetBytes(W1Body);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(body.AsMemory(0, 100), TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();

        var verifying = Hush.VerifyWebhookAsync(pipe.Reader, W1Hmac, cts.Token).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(verifying.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifying);

        await pipe.Writer.WriteAsync(body.AsMemory(100), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();
        Assert.Equal(body, await WebhookBody.ReadToEndAsync(pipe.Reader));
    }

    [Fact]
    public async Task The_pipe_overload_throws_when_its_pending_read_is_cancelled()
    {
        var body = Encoding.UTF8.GetBytes(W1Body);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(body.AsMemory(0, 100), TestContext.Current.CancellationToken);

        var verifying = Hush.VerifyWebhookAsync(pipe.Reader, W1Hmac, TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        pipe.Reader.CancelPendingRead();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifying);

        await pipe.Writer.WriteAsync(body.AsMemory(100), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();
        Assert.Equal(body, await WebhookBody.ReadToEndAsync(pipe.Reader));
    }

    [Fact]
    public async Task An_already_cancelled_token_stops_verification_before_reading()
    {
        var stream = new NonSeekableStream(Encoding.UTF8.GetBytes(W1Body), maxReadSize: 10);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Hush.VerifyWebhookAsync(stream, W1Hmac, cts.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Hush.VerifyWebhookAsync(new Pipe().Reader, W1Hmac, cts.Token).AsTask());
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task A_cancelled_stream_verification_leaves_no_partial_hash_in_the_pool()
    {
        var body = Encoding.UTF8.GetBytes(W1Body);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(body.AsMemory(0, 100), TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();
        var verifying = Hush.VerifyWebhookAsync(pipe.Reader.AsStream(), W1Hmac, cts.Token).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifying);

        Assert.True(Hush.VerifyWebhook(body, W1Hmac).IsValid);
        Assert.True(Hush.VerifyWebhook(new ReadOnlySequence<byte>(body), W1Hmac).IsValid);
    }

    [Fact]
    public async Task The_stream_overload_stops_at_the_size_limit()
    {
        var verifier = Verifier("hush");
        var body = new byte[ShopifyRequestVerifier.MaxWebhookBodySize + 1];
        var header = Convert.ToBase64String(HMACSHA256.HashData("hush"u8, body.AsSpan(0, ShopifyRequestVerifier.MaxWebhookBodySize)));
        var atLimit = new NonSeekableStream(body.AsMemory(0, ShopifyRequestVerifier.MaxWebhookBodySize), maxReadSize: 1 << 20);
        var overLimit = new NonSeekableStream(new byte[ShopifyRequestVerifier.MaxWebhookBodySize * 2], maxReadSize: 1 << 20);

        Assert.True((await verifier.VerifyWebhookAsync(atLimit, header, TestContext.Current.CancellationToken)).IsValid);
        var result = await verifier.VerifyWebhookAsync(overLimit, header, TestContext.Current.CancellationToken);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "body"), result);
        Assert.InRange(overLimit.BytesRead, ShopifyRequestVerifier.MaxWebhookBodySize + 1, ShopifyRequestVerifier.MaxWebhookBodySize + (1 << 20));

        // The aborted hashes must not have gone back to the pool half-fed.
        Assert.True(verifier.VerifyWebhook(Encoding.UTF8.GetBytes(W1Body), W1Hmac).IsValid);
    }

    [Fact]
    public async Task The_pipe_overload_stops_at_the_size_limit()
    {
        var body = new byte[ShopifyRequestVerifier.MaxWebhookBodySize + 1];
        var header = Convert.ToBase64String(HMACSHA256.HashData("hush"u8, body.AsSpan(0, ShopifyRequestVerifier.MaxWebhookBodySize)));
        var atLimit = PipeReader.Create(new MemoryStream(body, 0, ShopifyRequestVerifier.MaxWebhookBodySize));
        var overLimit = PipeReader.Create(new MemoryStream(body));

        Assert.True((await Hush.VerifyWebhookAsync(atLimit, header, TestContext.Current.CancellationToken)).IsValid);
        var result = await Hush.VerifyWebhookAsync(overLimit, header, TestContext.Current.CancellationToken);

        Assert.Equal(VerificationResult.Fail(VerificationFailure.Malformed, "body"), result);
    }

    [Fact]
    public void Verifying_a_span_or_a_sequence_allocates_nothing()
    {
        var verifier = Verifier("new-secret", "hush");
        var body = new byte[2048];
        new Random(2048).NextBytes(body);
        var header = Convert.ToBase64String(HMACSHA256.HashData("hush"u8, body));
        var sequence = WebhookBody.Segmented(body, 500);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(verifier.VerifyWebhook(body, header).IsValid);
            Assert.True(verifier.VerifyWebhook(sequence, header).IsValid);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            verifier.VerifyWebhook(body, header);
            verifier.VerifyWebhook(sequence, header);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Is_safe_to_use_from_many_threads_at_once()
    {
        var verifier = Verifier("new-secret", "hush");
        var w1 = Encoding.UTF8.GetBytes(W1Body);
        var w2 = Encoding.UTF8.GetBytes(W2Body);

        Parallel.For(0, 20_000, i =>
        {
            var (body, header) = (i % 3) switch
            {
                0 => (w1, W1Hmac),
                1 => (w2, W2Hmac),
                _ => (w1, W2Hmac),
            };

            var result = verifier.VerifyWebhook(WebhookBody.Segmented(body, 17), header);
            Assert.Equal(i % 3 != 2, result.IsValid);
        });
    }

    [Fact]
    public async Task Rejects_a_null_body()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Hush.VerifyWebhookAsync((Stream)null!, W1Hmac, TestContext.Current.CancellationToken).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => Hush.VerifyWebhookAsync((PipeReader)null!, W1Hmac, TestContext.Current.CancellationToken).AsTask());
    }

    private static ShopifyRequestVerifier Verifier(string secret, params string[] previous)
    {
        var options = new ShopifyAppOptions { ClientId = "client-id", ClientSecret = secret };
        foreach (var old in previous)
        {
            options.PreviousClientSecrets.Add(old);
        }

        return new ShopifyRequestVerifier(options, TimeProvider.System);
    }

    private sealed class ChangingOptionsMonitor(ShopifyAppOptions initial) : IOptionsMonitor<ShopifyAppOptions>
    {
        public ShopifyAppOptions CurrentValue { get; set; } = initial;

        public ShopifyAppOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ShopifyAppOptions, string?> listener) => null;
    }
}
