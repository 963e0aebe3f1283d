namespace Shopify.DualAuth.Testing.Tests.Emulator;

/// <summary>The two ways the emulator serves requests; behaviour tests run over both.</summary>
public enum EmulatorHost
{
    Kestrel,
    InProcess,
}

public static class Hosts
{
    public static TheoryData<EmulatorHost> Both => [EmulatorHost.Kestrel, EmulatorHost.InProcess];
}
