using System.Net;

namespace Samples.Shared;

/// <summary>
/// The walkthrough's browser: keeps cookies, follows no redirect on its own, so every hop (app → Shopify
/// authorize → app callback ...) is printed as it happens.
/// </summary>
internal sealed class SampleBrowser(Uri baseAddress, WalkthroughLog log) : IDisposable
{
    private readonly HttpClient _client = new(SampleCertificate.TrustingHandler(new CookieContainer()));

    public async Task<(Uri Url, HttpResponseMessage Response)> FollowAsync(HttpMethod method, string start, CancellationToken cancellationToken)
    {
        var next = new Uri(baseAddress, start);
        for (var hop = 0; hop < 12; hop++)
        {
            using var request = new HttpRequestMessage(hop == 0 ? method : HttpMethod.Get, next);
            request.Headers.Accept.ParseAdd("text/html");
            var response = await _client.SendAsync(request, cancellationToken);
            log.Detail($"{(int)response.StatusCode} {(hop == 0 ? method.Method : "GET")} {Describe(next)}");
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect))
            {
                return (next, response);
            }

            next = new Uri(next, response.Headers.Location!);
            response.Dispose();
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public async Task<string> GetStringAsync(string path, CancellationToken cancellationToken)
    {
        var (_, response) = await FollowAsync(HttpMethod.Get, path, cancellationToken);
        using (response)
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
    }

    public async Task<string> SendForStringAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(request, cancellationToken);
        log.Detail($"{(int)response.StatusCode} {request.Method.Method} {Describe(request.RequestUri!)}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private static string Describe(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path);
        return url.Query.Length > 60 ? text + "?…" : text + url.Query;
    }
}
