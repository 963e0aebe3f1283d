namespace Shopify.DualAuth.Testing.Emulator.Faults;

/// <summary>One <see cref="EmulatorFaults.FailNext"/> call: which requests it matches and how many are left.</summary>
internal sealed class FaultRule(EmulatorEndpoint endpoint, EmulatorFault fault, EmulatorGrant? grant, ShopDomain? shop, int remaining)
{
    public EmulatorFault Fault { get; } = fault;

    public int Remaining { get; set; } = remaining;

    public bool Matches(EmulatorEndpoint requestEndpoint, ShopDomain? requestShop, EmulatorGrant? requestGrant)
        => requestEndpoint == endpoint
            && (grant is null || grant == requestGrant)
            && (shop is null || shop == requestShop);
}
