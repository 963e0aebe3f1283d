using System.Net;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

/// <summary>Stands in for an app's webhook endpoint: keeps what it received and answers a fixed status.</summary>
public sealed class CapturingHandler(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    public HttpRequestMessage? Request { get; private set; }

    public byte[]? Body { get; private set; }

    public string Header(string name) => Request!.Headers.GetValues(name).Single();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Request = request;
        Body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        return new HttpResponseMessage(status);
    }
}
