namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>
/// Makes the in-process handler fail the way a socket does: an aborted exchange surfaces as an
/// <see cref="HttpRequestException"/>, the caller's own cancellation as cancellation.
/// </summary>
internal sealed class InProcessHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not HttpRequestException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The emulator closed the connection without an answer.", e);
        }
    }
}
