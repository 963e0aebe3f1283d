using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>
/// Absolute addresses of the app: from <see cref="ShopifyAspNetCoreOptions.AppUrl"/> when set (it
/// includes any base path), else from the request's scheme, host and path base.
/// </summary>
internal static class AppAddress
{
    /// <summary>The app's root without a trailing slash, for example <c>https://app.example.com</c>.</summary>
    public static string Root(HttpRequest request, ShopifyAspNetCoreOptions options)
        => options.AppUrl is { } appUrl
            ? appUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : request.Scheme + "://" + request.Host.ToUriComponent() + request.PathBase.ToUriComponent();

    /// <summary>An absolute address of a path relative to the app's root (and path base).</summary>
    public static Uri Absolute(HttpRequest request, ShopifyAspNetCoreOptions options, string pathAndQuery)
        => new(Root(request, options) + pathAndQuery, UriKind.Absolute);

    /// <summary>
    /// Whether <paramref name="address"/> is an absolute address under the app's root: the bounce page
    /// only reloads those.
    /// </summary>
    public static bool IsUnderRoot(HttpRequest request, ShopifyAspNetCoreOptions options, string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        if (!Uri.TryCreate(Root(request, options) + "/", UriKind.Absolute, out var root))
        {
            return false;
        }

        return string.Equals(uri.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, root.Authority, StringComparison.OrdinalIgnoreCase)
            && (uri.AbsolutePath + "/").StartsWith(root.AbsolutePath, StringComparison.Ordinal);
    }
}
