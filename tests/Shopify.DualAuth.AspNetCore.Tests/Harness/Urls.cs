using System.Text.Json;

namespace Shopify.DualAuth.AspNetCore.Tests.Harness;

internal static class Urls
{
    public static Dictionary<string, string> Query(Uri url)
        => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString((pair.Length > 1 ? pair[1] : string.Empty).Replace('+', ' ')));

    /// <summary>The address an exit-iframe page navigates the top window to.</summary>
    public static Uri ExitIframeTarget(string html)
    {
        const string Start = "window.open(\"";
        var from = html.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var to = html.IndexOf("\", \"_top\")", from, StringComparison.Ordinal);
        return new Uri(JsonSerializer.Deserialize<string>("\"" + html[from..to] + "\"")!);
    }

    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response)
        => response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
}
