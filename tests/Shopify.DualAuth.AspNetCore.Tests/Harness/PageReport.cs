namespace Shopify.DualAuth.AspNetCore.Tests.Harness;

/// <summary>Reads the <c>key=value</c> lines the test app's pages answer with.</summary>
internal static class PageReport
{
    public static async Task<Dictionary<string, string>> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Split('\n').Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty);
    }
}
