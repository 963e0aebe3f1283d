using System.Text.Json;
using Shopify.DualAuth;
using Shopify.DualAuth.OAuth;

namespace Samples.Shared;

/// <summary>The one Admin API call the samples make: <c>{ shop { name } }</c> with the shop's offline token.</summary>
internal static class AdminApi
{
    public const string Version = "2026-07";
    public const string ClientName = "admin-api";

    /// <summary>Gets the offline token (the library refreshes it when due) and reads the shop's name.</summary>
    public static async Task<string> ReadShopNameAsync(IServiceProvider services, ShopDomain shop, CancellationToken cancellationToken)
    {
        var offline = await services.GetRequiredService<IShopifyTokens>().GetOfflineTokenAsync(shop, cancellationToken);
        var endpoint = new Uri(services.GetRequiredService<IShopifyEndpoints>().GetShopBaseAddress(shop), $"admin/api/{Version}/graphql.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(new { query = "{ shop { name } }" }) };
        request.Headers.Add("X-Shopify-Access-Token", offline.AccessToken);
        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return json.RootElement.GetProperty("data").GetProperty("shop").GetProperty("name").GetString() ?? string.Empty;
    }
}
