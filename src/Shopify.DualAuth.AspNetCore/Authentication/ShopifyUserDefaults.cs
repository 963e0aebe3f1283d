namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>Names of the sign-in cookie scheme of the code grant (standalone apps).</summary>
public static class ShopifyUserDefaults
{
    /// <summary>The scheme name: <c>ShopifyUser</c>.</summary>
    public const string AuthenticationScheme = "ShopifyUser";

    /// <summary>The cookie's name: <c>.Shopify.User</c>.</summary>
    public const string CookieName = ".Shopify.User";
}
