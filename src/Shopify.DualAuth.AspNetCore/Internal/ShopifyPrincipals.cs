using System.Globalization;
using System.Security.Claims;
using Shopify.DualAuth.AspNetCore.Authentication;

namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>Builds the principals of both schemes, and reads shop and user back from any principal that carries them.</summary>
internal static class ShopifyPrincipals
{
    public static ClaimsPrincipal FromSessionToken(SessionToken token, string scheme)
    {
        var userId = token.UserId.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(
            [
                new Claim(ShopifyClaimTypes.Shop, token.Shop.Value),
                new Claim(ShopifyClaimTypes.UserId, userId, ClaimValueTypes.Integer64),
                new Claim(ClaimTypes.NameIdentifier, userId, ClaimValueTypes.Integer64),
                new Claim(ShopifyClaimTypes.SessionId, token.SessionId),
            ],
            scheme,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    public static ClaimsPrincipal FromOnlineToken(OnlineToken token, string scheme)
    {
        var user = token.User;
        var userId = user.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(
            [
                new Claim(ShopifyClaimTypes.Shop, token.Shop.Value),
                new Claim(ShopifyClaimTypes.UserId, userId, ClaimValueTypes.Integer64),
                new Claim(ClaimTypes.NameIdentifier, userId, ClaimValueTypes.Integer64),
                new Claim(ClaimTypes.Name, user.DisplayName),
                new Claim(ClaimTypes.GivenName, user.FirstName),
                new Claim(ClaimTypes.Surname, user.LastName),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ShopifyClaimTypes.EmailVerified, Flag(user.EmailVerified), ClaimValueTypes.Boolean),
                new Claim(ShopifyClaimTypes.AccountOwner, Flag(user.AccountOwner), ClaimValueTypes.Boolean),
                new Claim(ShopifyClaimTypes.Collaborator, Flag(user.Collaborator), ClaimValueTypes.Boolean),
                new Claim(ShopifyClaimTypes.Locale, user.Locale),
            ],
            scheme,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    public static ShopDomain? Shop(ClaimsPrincipal? principal)
        => principal?.FindFirst(ShopifyClaimTypes.Shop)?.Value is { } value && ShopDomain.TryParse(value, out var shop) && shop.Value == value
            ? shop
            : null;

    public static long? UserId(ClaimsPrincipal? principal)
        => principal?.FindFirst(ShopifyClaimTypes.UserId)?.Value is { } value
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>The user a sign-in cookie describes; <see langword="null"/> for a principal without the user's details (a session-token principal).</summary>
    public static ShopifyUser? User(ClaimsPrincipal? principal)
    {
        if (principal is null || UserId(principal) is not { } id || principal.FindFirst(ClaimTypes.Email)?.Value is not { } email)
        {
            return null;
        }

        return new ShopifyUser(
            id,
            principal.FindFirst(ClaimTypes.GivenName)?.Value ?? string.Empty,
            principal.FindFirst(ClaimTypes.Surname)?.Value ?? string.Empty,
            email,
            IsTrue(principal, ShopifyClaimTypes.EmailVerified),
            IsTrue(principal, ShopifyClaimTypes.AccountOwner),
            principal.FindFirst(ShopifyClaimTypes.Locale)?.Value ?? string.Empty,
            IsTrue(principal, ShopifyClaimTypes.Collaborator));
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private static bool IsTrue(ClaimsPrincipal principal, string type)
        => string.Equals(principal.FindFirst(type)?.Value, "true", StringComparison.Ordinal);
}
