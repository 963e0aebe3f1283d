using System.Globalization;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// A token from the client credentials grant, for apps built by an organisation and installed on its
/// own stores. It lives about 24 hours and has no refresh token: request a new one to renew it.
/// </summary>
/// <param name="Shop">The shop the token is for.</param>
/// <param name="AccessToken">The access token, sent as <c>X-Shopify-Access-Token</c>.</param>
/// <param name="Scopes">The scopes granted to the installation.</param>
/// <param name="ExpiresAt">When the access token expires.</param>
public sealed record ClientCredentialsToken(ShopDomain Shop, string AccessToken, ScopeSet Scopes, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether the token is still usable at <paramref name="now"/> for at least <paramref name="margin"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="margin">How long the token must stay valid.</param>
    /// <returns><see langword="true"/> when it expires after <paramref name="now"/> + <paramref name="margin"/>.</returns>
    public bool IsValidFor(DateTimeOffset now, TimeSpan margin) => ExpiresAt > now + margin;

    /// <summary>Describes the token without revealing it.</summary>
    /// <returns>Shop, scopes and expiry; the token only by its type prefix.</returns>
    public override string ToString()
        => $"ClientCredentialsToken {{ Shop = {Shop}, AccessToken = {TokenRedaction.Redact(AccessToken)}, Scopes = {Scopes}, ExpiresAt = {ExpiresAt.ToString("O", CultureInfo.InvariantCulture)} }}";
}
