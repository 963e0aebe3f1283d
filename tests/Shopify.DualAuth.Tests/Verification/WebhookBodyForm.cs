namespace Shopify.DualAuth.Tests.Verification;

/// <summary>The shapes a webhook body reaches <c>VerifyWebhook*</c> in, one per overload and input kind.</summary>
public enum WebhookBodyForm
{
    Span,
    SingleSegmentSequence,
    MultiSegmentSequence,
    SeekableStream,
    NonSeekableStream,
    PipeReaderOverStream,
    PipeWrittenInChunks,
}
