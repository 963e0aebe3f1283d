using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.Testing.Emulator.Recording;

/// <summary>One request the emulator received, recorded before its answer was sent.</summary>
/// <param name="Time">When it arrived, on the emulator's clock.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path, without the query (which may hold secrets).</param>
/// <param name="Shop">The shop addressed, when the path or host named one.</param>
/// <param name="Endpoint">The endpoint matched, or <see langword="null"/> for an unknown path.</param>
/// <param name="Grant">The <c>access_token</c> operation, when recognised.</param>
/// <param name="StatusCode">The status answered (for a lost answer: the status Shopify would have sent); <see langword="null"/> when none was.</param>
/// <param name="Error">The OAuth <c>error</c> code of an error answer.</param>
/// <param name="Fault">The injected fault this request took, if any.</param>
public sealed record EmulatorRequest(
    DateTimeOffset Time,
    string Method,
    string Path,
    ShopDomain? Shop,
    EmulatorEndpoint? Endpoint,
    EmulatorGrant? Grant,
    int? StatusCode,
    string? Error,
    EmulatorFaultKind? Fault);
