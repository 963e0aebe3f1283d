namespace Shopify.DualAuth.Testing.Emulator.Recording;

/// <summary>Counts over the request log, per grant or endpoint and optionally per shop.</summary>
public sealed class EmulatorCounters
{
    private readonly RequestLog _log;

    internal EmulatorCounters(RequestLog log) => _log = log;

    /// <summary>How many <c>access_token</c> requests of <paramref name="grant"/> arrived, whatever their outcome.</summary>
    /// <param name="grant">The operation.</param>
    /// <param name="shop">Only this shop's requests, when set.</param>
    /// <returns>The number of calls.</returns>
    public int Calls(EmulatorGrant grant, ShopDomain? shop = null)
        => _log.Snapshot().Count(r => r.Grant == grant && (shop is null || r.Shop == shop));

    /// <summary>How many requests of <paramref name="grant"/> were answered 200 and reached the client.</summary>
    /// <param name="grant">The operation.</param>
    /// <param name="shop">Only this shop's requests, when set.</param>
    /// <returns>The number of successful calls.</returns>
    public int Succeeded(EmulatorGrant grant, ShopDomain? shop = null)
        => _log.Snapshot().Count(r => r.Grant == grant && r.StatusCode == 200 && r.Fault is null && (shop is null || r.Shop == shop));

    /// <summary>How many requests reached <paramref name="endpoint"/>, whatever their outcome.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="shop">Only this shop's requests, when set.</param>
    /// <returns>The number of calls.</returns>
    public int EndpointCalls(EmulatorEndpoint endpoint, ShopDomain? shop = null)
        => _log.Snapshot().Count(r => r.Endpoint == endpoint && (shop is null || r.Shop == shop));
}
