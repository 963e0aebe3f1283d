namespace Shopify.DualAuth.AspNetCore.Tests.Harness;

/// <summary>How the app under test runs: in process (TestServer) or on Kestrel with TLS on loopback.</summary>
public enum AppHost
{
    InProcess,
    Kestrel,
}

public static class AppHosts
{
    public static TheoryData<AppHost> Both => [AppHost.InProcess, AppHost.Kestrel];
}
