using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>
/// Tells a page load (which can be redirected to the bounce page or to Shopify) from a fetch or XHR
/// (which must get a status code App Bridge understands).
/// </summary>
internal static class DocumentRequests
{
    private const string FetchDestHeader = "Sec-Fetch-Dest";

    /// <summary>
    /// True for a navigation: <c>Sec-Fetch-Dest</c> is <c>document</c> or <c>iframe</c> (the admin
    /// loads embedded apps in an iframe), or, from a browser that sends no fetch metadata, the request
    /// accepts <c>text/html</c>. A request with an <c>Authorization</c> header is never a page load.
    /// </summary>
    public static bool IsDocument(HttpRequest request)
    {
        if (request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            return false;
        }

        var destination = request.Headers[FetchDestHeader];
        if (destination.Count > 0)
        {
            var value = destination.ToString();
            return value.Equals("document", StringComparison.OrdinalIgnoreCase)
                || value.Equals("iframe", StringComparison.OrdinalIgnoreCase)
                || value.Equals("frame", StringComparison.OrdinalIgnoreCase);
        }

        foreach (var accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
