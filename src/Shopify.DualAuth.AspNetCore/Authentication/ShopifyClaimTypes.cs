namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>
/// The claim types of the principals the Shopify schemes produce. Both also carry the user ID as
/// <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>; the sign-in cookie adds the
/// standard name, given name, surname and email claims.
/// </summary>
public static class ShopifyClaimTypes
{
    /// <summary>The shop's <c>{handle}.myshopify.com</c> domain.</summary>
    public const string Shop = "urn:shopify:shop";

    /// <summary>The staff user's Shopify ID (decimal).</summary>
    public const string UserId = "urn:shopify:user_id";

    /// <summary>The session token's per-user-and-app session ID (<c>sid</c>).</summary>
    public const string SessionId = "urn:shopify:session_id";

    /// <summary>Whether Shopify verified the user's email: <c>true</c> or <c>false</c>.</summary>
    public const string EmailVerified = "urn:shopify:email_verified";

    /// <summary>Whether the user owns the shop's account: <c>true</c> or <c>false</c>.</summary>
    public const string AccountOwner = "urn:shopify:account_owner";

    /// <summary>Whether the user is a collaborator rather than staff: <c>true</c> or <c>false</c>.</summary>
    public const string Collaborator = "urn:shopify:collaborator";

    /// <summary>The user's locale, for example <c>en</c>.</summary>
    public const string Locale = "urn:shopify:locale";
}
