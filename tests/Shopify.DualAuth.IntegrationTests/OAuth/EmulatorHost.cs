namespace Shopify.DualAuth.IntegrationTests.OAuth;

/// <summary>How the emulator is reached: over loopback Kestrel (real sockets) or in process.</summary>
public enum EmulatorHost
{
    Kestrel,
    InProcess,
}

public static class Hosts
{
    public static TheoryData<EmulatorHost> Both => [EmulatorHost.Kestrel, EmulatorHost.InProcess];
}
