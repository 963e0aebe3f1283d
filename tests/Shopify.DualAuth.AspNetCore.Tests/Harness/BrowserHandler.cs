using System.Net;

namespace Shopify.DualAuth.AspNetCore.Tests.Harness;

/// <summary>
/// Plays the merchant's browser in process: keeps cookies like a browser (Secure ones over https only),
/// and sends requests for the app's host to the app's TestServer and everything else to the emulator.
/// </summary>
internal sealed class BrowserHandler(string appHost, HttpMessageHandler app, HttpMessageHandler emulator, CookieContainer cookies) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _app = new(app, disposeHandler: true);
    private readonly HttpMessageInvoker _emulator = new(emulator, disposeHandler: true);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var target = string.Equals(uri.Host, appHost, StringComparison.OrdinalIgnoreCase) ? _app : _emulator;
        var response = await target.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _app.Dispose();
            _emulator.Dispose();
        }

        base.Dispose(disposing);
    }
}
