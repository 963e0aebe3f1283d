namespace Shopify.DualAuth;

/// <summary>
/// A shop's offline access token: used by webhooks and background jobs, independent of any user.
/// Expiring offline tokens live 60 minutes and come with a 90-day, single-use refresh token.
/// </summary>
/// <remarks>Times are absolute; <see cref="ToString"/> never prints a token.</remarks>
public sealed record OfflineToken
{
    /// <summary>Creates an offline token.</summary>
    /// <param name="shop">The shop the token is for.</param>
    /// <param name="accessToken">The access token (<c>shpat_...</c>).</param>
    /// <param name="scopes">The scopes granted to the installation.</param>
    /// <param name="expiresAt">When the access token expires; <see langword="null"/> for a legacy non-expiring token.</param>
    /// <param name="refreshToken">The refresh token (<c>shprt_...</c>); only with an expiring token.</param>
    /// <param name="refreshTokenExpiresAt">When <paramref name="refreshToken"/> expires; only with an expiring token.</param>
    /// <exception cref="ArgumentException">The expiry fields are inconsistent: an expiring token needs all three of expiry, refresh token and refresh expiry, a legacy token none.</exception>
    public OfflineToken(ShopDomain shop, string accessToken, ScopeSet scopes, DateTimeOffset? expiresAt = null, string? refreshToken = null, DateTimeOffset? refreshTokenExpiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentNullException.ThrowIfNull(scopes);
        var expiring = expiresAt is not null;
        if (expiring != (refreshToken is not null) || expiring != (refreshTokenExpiresAt is not null))
        {
            throw new ArgumentException(
                "An expiring offline token needs expiresAt, refreshToken and refreshTokenExpiresAt together; a non-expiring one needs none of them.",
                expiring ? nameof(refreshToken) : nameof(expiresAt));
        }

        if (refreshToken is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        }

        Shop = shop;
        AccessToken = accessToken;
        Scopes = scopes;
        ExpiresAt = expiresAt;
        RefreshToken = refreshToken;
        RefreshTokenExpiresAt = refreshTokenExpiresAt;
    }

    /// <summary>The shop the token is for.</summary>
    public ShopDomain Shop { get; init; }

    /// <summary>The access token, sent as <c>X-Shopify-Access-Token</c>.</summary>
    public string AccessToken { get; init; }

    /// <summary>The scopes granted to the installation.</summary>
    public ScopeSet Scopes { get; init; }

    /// <summary>When the access token expires; <see langword="null"/> for a legacy non-expiring token.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The single-use refresh token; <see langword="null"/> for a legacy non-expiring token.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When <see cref="RefreshToken"/> expires (90 days after it was issued).</summary>
    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }

    /// <summary>Whether this is an expiring token with a refresh token.</summary>
    public bool IsExpiring => ExpiresAt is not null;

    /// <summary>Whether the access token is still usable at <paramref name="now"/> for at least <paramref name="margin"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="margin">How long the token must stay valid.</param>
    /// <returns><see langword="true"/> for a non-expiring token or one that expires after <paramref name="now"/> + <paramref name="margin"/>.</returns>
    public bool IsValidFor(DateTimeOffset now, TimeSpan margin) => ExpiresAt is not { } expires || expires > now + margin;

    /// <summary>Whether the refresh token can still be used at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="false"/> for a non-expiring token or a refresh token past its expiry.</returns>
    public bool CanRefresh(DateTimeOffset now) => RefreshTokenExpiresAt is { } expires && expires > now;

    /// <summary>Describes the token without revealing it.</summary>
    /// <returns>Shop, scopes, expiry and the tokens' type prefixes only.</returns>
    public override string ToString()
        => $"OfflineToken {{ Shop = {Shop}, AccessToken = {TokenRedaction.Redact(AccessToken)}, Scopes = {Scopes}, ExpiresAt = {ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}, RefreshToken = {TokenRedaction.Redact(RefreshToken)}, RefreshTokenExpiresAt = {RefreshTokenExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} }}";
}
