using System.Globalization;

namespace Shopify.DualAuth;

/// <summary>
/// A per-user online access token: it carries the staff user's identity and acts with their
/// permissions. It lives about 24 hours and dies early when the user logs out of the admin.
/// </summary>
/// <param name="Shop">The shop the token is for.</param>
/// <param name="AccessToken">The access token (<c>shpua_...</c>).</param>
/// <param name="Scopes">The scopes granted to the installation.</param>
/// <param name="UserScopes">The subset of <paramref name="Scopes"/> the user's permissions allow (<c>associated_user_scope</c>).</param>
/// <param name="ExpiresAt">When the access token expires.</param>
/// <param name="User">The staff user the token belongs to.</param>
public sealed record OnlineToken(
    ShopDomain Shop,
    string AccessToken,
    ScopeSet Scopes,
    ScopeSet UserScopes,
    DateTimeOffset ExpiresAt,
    ShopifyUser User)
{
    /// <summary>Whether the token is still usable at <paramref name="now"/> for at least <paramref name="margin"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="margin">How long the token must stay valid.</param>
    /// <returns><see langword="true"/> when it expires after <paramref name="now"/> + <paramref name="margin"/>.</returns>
    public bool IsValidFor(DateTimeOffset now, TimeSpan margin) => ExpiresAt > now + margin;

    /// <summary>Describes the token without revealing it.</summary>
    /// <returns>Shop, user, scopes and expiry; the token only by its type prefix.</returns>
    public override string ToString()
        => $"OnlineToken {{ Shop = {Shop}, UserId = {User.Id}, AccessToken = {TokenRedaction.Redact(AccessToken)}, Scopes = {Scopes}, UserScopes = {UserScopes}, ExpiresAt = {ExpiresAt.ToString("O", CultureInfo.InvariantCulture)} }}";
}
