namespace Shopify.DualAuth;

/// <summary>
/// A shop's offline access token: used by webhooks and background jobs, independent of any user.
/// Expiring offline tokens live 60 minutes and come with a 90-day, single-use refresh token.
/// </summary>
/// <remarks>
/// Times are absolute; <see cref="ToString"/> never prints a token. A <c>with</c> expression may
/// change the expiry fields' values (a refresh rotates all three) but not whether the token is
/// expiring: turning a legacy token into an expiring one, or back, takes the constructor, which checks
/// that the three fields come together.
/// </remarks>
public sealed record OfflineToken
{
    // Explicit fields so the constructor can set them without the init accessors' checks, which
    // guard changes made after construction.
    private readonly DateTimeOffset? _expiresAt;
    private readonly string? _refreshToken;
    private readonly DateTimeOffset? _refreshTokenExpiresAt;

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
        _expiresAt = expiresAt;
        _refreshToken = refreshToken;
        _refreshTokenExpiresAt = refreshTokenExpiresAt;
    }

    /// <summary>The shop the token is for.</summary>
    public ShopDomain Shop
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Shop));
    }

    /// <summary>The access token, sent as <c>X-Shopify-Access-Token</c>.</summary>
    public string AccessToken
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(AccessToken));
            field = value;
        }
    }

    /// <summary>The scopes granted to the installation.</summary>
    public ScopeSet Scopes
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Scopes));
    }

    /// <summary>When the access token expires; <see langword="null"/> for a legacy non-expiring token.</summary>
    /// <exception cref="ArgumentException">A <c>with</c> expression adds or removes the expiry.</exception>
    public DateTimeOffset? ExpiresAt
    {
        get => _expiresAt;
        init
        {
            KeepsExpiring(value is not null, nameof(ExpiresAt));
            _expiresAt = value;
        }
    }

    /// <summary>The single-use refresh token; <see langword="null"/> for a legacy non-expiring token.</summary>
    /// <exception cref="ArgumentException">A <c>with</c> expression adds, removes or blanks the refresh token.</exception>
    public string? RefreshToken
    {
        get => _refreshToken;
        init
        {
            KeepsExpiring(value is not null, nameof(RefreshToken));
            if (value is not null)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(RefreshToken));
            }

            _refreshToken = value;
        }
    }

    /// <summary>When <see cref="RefreshToken"/> expires (90 days after it was issued).</summary>
    /// <exception cref="ArgumentException">A <c>with</c> expression adds or removes the refresh expiry.</exception>
    public DateTimeOffset? RefreshTokenExpiresAt
    {
        get => _refreshTokenExpiresAt;
        init
        {
            KeepsExpiring(value is not null, nameof(RefreshTokenExpiresAt));
            _refreshTokenExpiresAt = value;
        }
    }

    /// <summary>
    /// Whether Shopify refused to refresh or migrate this token, so only the merchant can restore it:
    /// by opening the embedded app (token exchange) or authorizing again (code grant). Set by
    /// <see cref="IShopifyTokens.GetOfflineTokenAsync"/> through a compare-and-swap so every
    /// instance of a fleet sees it and none calls Shopify again for the broken chain; a freshly
    /// acquired token (a new install) starts without it.
    /// </summary>
    public bool RequiresReauthorization { get; init; }

    /// <summary>Whether this is an expiring token with a refresh token.</summary>
    public bool IsExpiring => ExpiresAt is not null;

    /// <summary>Whether the access token is still usable at <paramref name="now"/> for at least <paramref name="margin"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="margin">How long the token must stay valid.</param>
    /// <returns><see langword="true"/> for a non-expiring token or one that expires after <paramref name="now"/> + <paramref name="margin"/>.</returns>
    public bool IsValidFor(DateTimeOffset now, TimeSpan margin) => ExpiresAt is not { } expires || expires - now > margin;

    /// <summary>Whether the refresh token can still be used at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="false"/> for a non-expiring token or a refresh token past its expiry.</returns>
    public bool CanRefresh(DateTimeOffset now) => RefreshTokenExpiresAt is { } expires && expires > now;

    // The expiry init accessors run only after construction (a `with` expression or an object
    // initializer; the constructor sets the fields), when the instance already holds a consistent
    // set: each field may then change value but not presence, whatever order they are assigned in.
    private void KeepsExpiring(bool present, string property)
    {
        if (present != IsExpiring)
        {
            throw new ArgumentException(
                IsExpiring
                    ? "A with expression cannot remove the expiry of an expiring offline token; construct a new OfflineToken instead."
                    : "A with expression cannot make a non-expiring offline token expiring; construct a new OfflineToken with expiresAt, refreshToken and refreshTokenExpiresAt.",
                property);
        }
    }

    /// <summary>Describes the token without revealing it.</summary>
    /// <returns>Shop, scopes, expiry and the tokens' type prefixes only.</returns>
    public override string ToString()
        => $"OfflineToken {{ Shop = {Shop}, AccessToken = {TokenRedaction.Redact(AccessToken)}, Scopes = {Scopes}, ExpiresAt = {ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}, RefreshToken = {TokenRedaction.Redact(RefreshToken)}, RefreshTokenExpiresAt = {RefreshTokenExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}{(RequiresReauthorization ? ", RequiresReauthorization = True" : string.Empty)} }}";
}
