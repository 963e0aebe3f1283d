namespace Shopify.DualAuth.Testing.Emulator.Faults;

/// <summary>How an injected fault shows itself to the client.</summary>
public enum EmulatorFaultKind
{
    /// <summary>An error status (500, 502, 503, 520, ...) before Shopify does anything.</summary>
    ErrorStatus,

    /// <summary>429 with a <c>Retry-After</c> header, before Shopify does anything.</summary>
    TooManyRequests,

    /// <summary>No answer at all: the request hangs until the client gives up.</summary>
    Timeout,

    /// <summary>The connection is aborted before Shopify does anything.</summary>
    ConnectionReset,

    /// <summary>Shopify applies the request (codes are spent, tokens rotate), then the connection is aborted.</summary>
    LostAnswer,

    /// <summary>
    /// Shopify applies the request (codes are spent, tokens rotate), then the answer never comes: the
    /// request hangs until the client gives up. The moment between Shopify's change and the client
    /// learning of it, held open for a test to act in (for example, to kill the client's process).
    /// </summary>
    HeldAnswer,
}
