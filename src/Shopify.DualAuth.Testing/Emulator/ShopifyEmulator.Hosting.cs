using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator.Hosting;

namespace Shopify.DualAuth.Testing.Emulator;

public sealed partial class ShopifyEmulator
{
    private static readonly Uri InProcessRoot = new("http://localhost/", UriKind.Absolute);

    /// <summary>
    /// The emulator's root: the Kestrel address once <see cref="StartAsync"/> completed, else
    /// <c>http://localhost/</c>. The in-process handler accepts any authority, so addresses built
    /// from either root work with it.
    /// </summary>
    public Uri BaseAddress => Volatile.Read(ref _kestrelRoot) ?? InProcessRoot;

    /// <summary>
    /// Points every shop at <c>{BaseAddress}shops/{shop}/</c>, so
    /// <c>new Uri(Endpoints.GetShopBaseAddress(shop), "admin/oauth/access_token")</c> reaches the emulator.
    /// </summary>
    public IShopifyEndpoints Endpoints { get; }

    /// <summary>Starts Kestrel on 127.0.0.1 with an ephemeral port (once; later calls return the same root).</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The root address, for example <c>http://127.0.0.1:54321/</c>.</returns>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_kestrelRoot is null)
            {
                var (host, root) = await EmulatorHosts.StartKestrelAsync(_pipeline.InvokeAsync, cancellationToken).ConfigureAwait(false);
                _kestrel = host;
                Volatile.Write(ref _kestrelRoot, root);
            }

            return _kestrelRoot;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>
    /// A handler that serves requests in process through the same pipeline as Kestrel. An aborted
    /// exchange surfaces as <see cref="HttpRequestException"/>, as with a socket. It does not follow redirects.
    /// </summary>
    /// <returns>A new handler; dispose it with the client that owns it.</returns>
    public HttpMessageHandler CreateHandler()
    {
        lock (_hostGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_testServer is null)
            {
                (_inProcessHost, _testServer) = EmulatorHosts.StartInProcess(_pipeline.InvokeAsync);
            }

            return new InProcessHandler(_testServer.CreateHandler());
        }
    }

    /// <summary>An in-process client whose <see cref="HttpClient.BaseAddress"/> is <see cref="BaseAddress"/>.</summary>
    /// <returns>A new client; the caller disposes it.</returns>
    public HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true) { BaseAddress = BaseAddress };
}
