using System.Globalization;

namespace Shopify.DualAuth.Testing.Emulator.Faults;

/// <summary>A failure to inject into the emulator's next matching request.</summary>
public sealed class EmulatorFault
{
    private EmulatorFault(EmulatorFaultKind kind, int? statusCode, TimeSpan? retryAfter)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>500 Internal Server Error.</summary>
    public static EmulatorFault InternalServerError { get; } = new(EmulatorFaultKind.ErrorStatus, 500, null);

    /// <summary>502 Bad Gateway.</summary>
    public static EmulatorFault BadGateway { get; } = new(EmulatorFaultKind.ErrorStatus, 502, null);

    /// <summary>503 Service Unavailable.</summary>
    public static EmulatorFault ServiceUnavailable { get; } = new(EmulatorFaultKind.ErrorStatus, 503, null);

    /// <summary>520, the edge's "unknown error", seen from the token endpoint during refreshes.</summary>
    public static EmulatorFault UnknownError { get; } = new(EmulatorFaultKind.ErrorStatus, 520, null);

    /// <summary>The request hangs until the client gives up (or the emulator is disposed).</summary>
    public static EmulatorFault Timeout { get; } = new(EmulatorFaultKind.Timeout, null, null);

    /// <summary>The connection is aborted without an answer and without any state change.</summary>
    public static EmulatorFault ConnectionReset { get; } = new(EmulatorFaultKind.ConnectionReset, null, null);

    /// <summary>The request takes effect (codes spent, tokens rotated or issued), then the connection is aborted.</summary>
    public static EmulatorFault LostAnswer { get; } = new(EmulatorFaultKind.LostAnswer, null, null);

    /// <summary>
    /// The request takes effect (codes spent, tokens rotated or issued), then hangs without an answer
    /// until the client gives up (or the emulator is disposed). The request log shows it, with
    /// <see cref="EmulatorFaultKind.HeldAnswer"/>, as soon as the change is made.
    /// </summary>
    public static EmulatorFault HeldAnswer { get; } = new(EmulatorFaultKind.HeldAnswer, null, null);

    /// <summary>What the client sees.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>The status answered, for <see cref="EmulatorFaultKind.ErrorStatus"/> and <see cref="EmulatorFaultKind.TooManyRequests"/>.</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>Retry-After</c> delay of a <see cref="EmulatorFaultKind.TooManyRequests"/> fault.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>An error answer with any 5xx status.</summary>
    /// <param name="statusCode">500 to 599.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault ServerError(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new(EmulatorFaultKind.ErrorStatus, statusCode, null);
    }

    /// <summary>429 Too Many Requests with <c>Retry-After</c> in whole seconds.</summary>
    /// <param name="retryAfter">The delay to announce; rounded up to whole seconds.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault TooManyRequests(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new(EmulatorFaultKind.TooManyRequests, 429, TimeSpan.FromSeconds(Math.Ceiling(retryAfter.TotalSeconds)));
    }

    /// <summary>Names the fault, for test output.</summary>
    /// <returns>For example <c>ErrorStatus 503</c>.</returns>
    public override string ToString() => StatusCode is { } status
        ? string.Create(CultureInfo.InvariantCulture, $"{Kind} {status}")
        : Kind.ToString();
}
