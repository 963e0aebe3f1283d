namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>Names of the session-token authentication scheme (embedded apps).</summary>
public static class ShopifySessionTokenDefaults
{
    /// <summary>The scheme name: <c>ShopifySessionToken</c>.</summary>
    public const string AuthenticationScheme = "ShopifySessionToken";

    /// <summary>The header that asks App Bridge to fetch a fresh session token and retry once.</summary>
    public const string RetryHeader = "X-Shopify-Retry-Invalid-Session-Request";

    /// <summary>The query parameter that carries the session token on an admin document load.</summary>
    public const string IdTokenParameter = "id_token";

    /// <summary>The bounce page's parameter naming the address App Bridge reloads with a fresh <c>id_token</c>.</summary>
    public const string ReloadParameter = "shopify-reload";
}
