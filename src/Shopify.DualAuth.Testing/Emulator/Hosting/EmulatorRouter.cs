using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>
/// Maps a request to a shop and endpoint. Shops live under <c>/shops/{shop}/</c> so that
/// <c>new Uri(base, "admin/oauth/access_token")</c> works unchanged; a request at the root is routed
/// by its <c>Host</c> header when that is a <c>*.myshopify.com</c> host, as Shopify itself does.
/// </summary>
internal static class EmulatorRouter
{
    private const string ShopsPrefix = "/shops/";
    private const string GraphQLPrefix = "/admin/api/";
    private const string GraphQLSuffix = "/graphql.json";

    public static EmulatorRoute Match(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        ShopDomain? shop;
        string rest;
        if (path.StartsWith(ShopsPrefix, StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', ShopsPrefix.Length);
            var segment = end < 0 ? path[ShopsPrefix.Length..] : path[ShopsPrefix.Length..end];
            rest = end < 0 ? "/" : path[end..];
            _ = ShopDomain.TryParse(segment, out shop);
        }
        else
        {
            rest = path;
            var host = request.Host.Host;
            shop = host.EndsWith(ShopDomain.DomainSuffix, StringComparison.OrdinalIgnoreCase) && ShopDomain.TryParse(host, out var fromHost) ? fromHost : null;
        }

        if (shop is null)
        {
            return default;
        }

        return rest switch
        {
            "/admin/oauth/authorize" => new EmulatorRoute(shop, EmulatorEndpoint.Authorize, HttpMethods.Get),
            "/admin/oauth/access_token" => new EmulatorRoute(shop, EmulatorEndpoint.AccessToken, HttpMethods.Post),
            _ when IsGraphQLPath(rest) => new EmulatorRoute(shop, EmulatorEndpoint.GraphQL, HttpMethods.Post),
            _ => new EmulatorRoute(shop, null, null),
        };
    }

    private static bool IsGraphQLPath(string path)
    {
        if (!path.StartsWith(GraphQLPrefix, StringComparison.Ordinal) || !path.EndsWith(GraphQLSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var version = path.AsSpan(GraphQLPrefix.Length, Math.Max(0, path.Length - GraphQLPrefix.Length - GraphQLSuffix.Length));
        return version is "unstable"
            || (version.Length == 7 && version[4] == '-' && char.IsAsciiDigit(version[0]) && char.IsAsciiDigit(version[1])
                && char.IsAsciiDigit(version[2]) && char.IsAsciiDigit(version[3]) && char.IsAsciiDigit(version[5]) && char.IsAsciiDigit(version[6]));
    }
}
