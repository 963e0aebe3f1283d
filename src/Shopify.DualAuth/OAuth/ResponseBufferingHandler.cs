namespace Shopify.DualAuth.OAuth;

/// <summary>
/// Reads each answer's body inside the resilience pipeline, so a connection reset or a timeout
/// while the body is still arriving is retried like one before the headers.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > ShopifyOAuthClient.MaxResponseBytes)
        {
            // Left for the client to reject as an unexpected response rather than retried.
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(ShopifyOAuthClient.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
