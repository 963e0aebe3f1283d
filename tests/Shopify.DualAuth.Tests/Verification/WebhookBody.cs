using System.Buffers;
using System.IO.Pipelines;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>Delivers a body in a given form and, for pipe readers, checks it is still readable afterwards.</summary>
internal static class WebhookBody
{
    public static TheoryData<WebhookBodyForm> AllForms => new(Enum.GetValues<WebhookBodyForm>());

    public static async Task<VerificationResult> VerifyAsync(ShopifyRequestVerifier verifier, WebhookBodyForm form, byte[] body, string? header)
    {
        var ct = TestContext.Current.CancellationToken;
        switch (form)
        {
            case WebhookBodyForm.Span:
                return verifier.VerifyWebhook(body, header);
            case WebhookBodyForm.SingleSegmentSequence:
                return verifier.VerifyWebhook(new ReadOnlySequence<byte>(body), header);
            case WebhookBodyForm.MultiSegmentSequence:
                return verifier.VerifyWebhook(Segmented(body, 13), header);
            case WebhookBodyForm.SeekableStream:
                return await verifier.VerifyWebhookAsync(new MemoryStream(body, writable: false), header, ct);
            case WebhookBodyForm.NonSeekableStream:
                return await verifier.VerifyWebhookAsync(new NonSeekableStream(body, maxReadSize: 1000), header, ct);
            case WebhookBodyForm.PipeReaderOverStream:
            {
                var reader = PipeReader.Create(new NonSeekableStream(body, maxReadSize: 1000), new StreamPipeReaderOptions(bufferSize: 512, minimumReadSize: 128));
                var result = await verifier.VerifyWebhookAsync(reader, header, ct);
                Assert.Equal(body, await ReadToEndAsync(reader));
                return result;
            }

            case WebhookBodyForm.PipeWrittenInChunks:
            {
                // The verifier leaves the body unconsumed, so a writer that paused at the default 64 KiB
                // threshold would wait for it forever.
                var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
                var writing = WriteInChunksAsync(pipe.Writer, body, Math.Max(7, body.Length / 100));
                var result = await verifier.VerifyWebhookAsync(pipe.Reader, header, ct);
                await writing;
                Assert.Equal(body, await ReadToEndAsync(pipe.Reader));
                return result;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(form));
        }
    }

    /// <summary>A sequence of segments of at most <paramref name="size"/> bytes, with an empty segment in the middle.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] body, int size)
    {
        var chunks = body.Chunk(size).ToList();
        chunks.Insert(chunks.Count / 2, []);
        while (chunks.Count < 2)
        {
            chunks.Add([]);
        }

        var first = new Segment(chunks[0], 0);
        var last = first;
        foreach (var chunk in chunks.Skip(1))
        {
            last = last.Append(chunk);
        }

        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.False(sequence.IsSingleSegment);
        return sequence;
    }

    public static async Task WriteInChunksAsync(PipeWriter writer, byte[] body, int size)
    {
        foreach (var chunk in body.Chunk(size))
        {
            await writer.WriteAsync(chunk);
        }

        await writer.CompleteAsync();
    }

    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
