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
    // Validated in the accessor and the initializer alike, so neither the constructor nor a
    // `with` expression can produce a token without a shop, token, scopes or user.

    /// <summary>The shop the token is for.</summary>
    public ShopDomain Shop
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Shop));
    } = Shop ?? throw new ArgumentNullException(nameof(Shop));

    /// <summary>The access token (<c>shpua_...</c>), sent as <c>X-Shopify-Access-Token</c>.</summary>
    public string AccessToken
    {
        get;
        init => field = NotBlank(value, nameof(AccessToken));
    } = NotBlank(AccessToken, nameof(AccessToken));

    /// <summary>The scopes granted to the installation.</summary>
    public ScopeSet Scopes
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Scopes));
    } = Scopes ?? throw new ArgumentNullException(nameof(Scopes));

    /// <summary>The subset of <see cref="Scopes"/> the user's permissions allow (<c>associated_user_scope</c>).</summary>
    public ScopeSet UserScopes
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(UserScopes));
    } = UserScopes ?? throw new ArgumentNullException(nameof(UserScopes));

    /// <summary>The staff user the token belongs to.</summary>
    public ShopifyUser User
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(User));
    } = User ?? throw new ArgumentNullException(nameof(User));

    /// <summary>Whether the token is still usable at <paramref name="now"/> for at least <paramref name="margin"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="margin">How long the token must stay valid.</param>
    /// <returns><see langword="true"/> when it expires after <paramref name="now"/> + <paramref name="margin"/>.</returns>
    public bool IsValidFor(DateTimeOffset now, TimeSpan margin) => ExpiresAt - now > margin;

    /// <summary>Describes the token without revealing it.</summary>
    /// <returns>Shop, user, scopes and expiry; the token only by its type prefix.</returns>
    public override string ToString()
        => $"OnlineToken {{ Shop = {Shop}, UserId = {User.Id}, AccessToken = {TokenRedaction.Redact(AccessToken)}, Scopes = {Scopes}, UserScopes = {UserScopes}, ExpiresAt = {ExpiresAt.ToString("O", CultureInfo.InvariantCulture)} }}";

    private static string NotBlank(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }
}
