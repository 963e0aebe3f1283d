using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>
/// The two hosts of the one pipeline: Kestrel on a loopback ephemeral port, and the in-memory
/// test server. Neither reads configuration files or environment variables.
/// </summary>
internal static class EmulatorHosts
{
    public static async Task<(IHost Host, Uri Root)> StartKestrelAsync(RequestDelegate pipeline, CancellationToken cancellationToken)
    {
        var host = Build(web => web.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0)), pipeline);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return (host, new Uri(addresses.First().TrimEnd('/') + "/", UriKind.Absolute));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static (IHost Host, TestServer Server) StartInProcess(RequestDelegate pipeline)
    {
        var host = Build(web => web.UseTestServer(), pipeline);
        try
        {
            host.Start();
            return (host, host.GetTestServer());
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static IHost Build(Action<IWebHostBuilder> server, RequestDelegate pipeline)
        => new HostBuilder()
            .ConfigureWebHost(
                web =>
                {
                    server(web);
                    web.Configure(app => app.Run(pipeline));
                },
                options => options.SuppressEnvironmentConfiguration = true)
            .Build();
}
