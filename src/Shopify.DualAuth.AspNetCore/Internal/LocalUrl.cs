namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>
/// Decides whether a return address stays on this site: a path starting with one <c>/</c>, not
/// <c>//</c> or <c>/\</c> (which browsers treat as another host), without control characters.
/// </summary>
internal static class LocalUrl
{
    public const int MaxLength = 2048;

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/')
        {
            return false;
        }

        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
