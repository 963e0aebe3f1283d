using System.Globalization;

namespace Shopify.DualAuth;

/// <summary>
/// A validated App Bridge session token (an HS256 JWT that lives one minute). It proves which shop
/// and staff user a request comes from, and is the subject of token exchange. It is not an API
/// credential and must never be stored.
/// </summary>
public sealed class SessionToken
{
    /// <summary>Creates a validated session token. Use <c>SessionTokenValidator</c> to get one from a raw JWT.</summary>
    /// <param name="rawToken">The compact JWT, kept for token exchange.</param>
    /// <param name="shop">The shop named by the <c>dest</c> claim.</param>
    /// <param name="userId">The staff user named by the <c>sub</c> claim.</param>
    /// <param name="sessionId">The <c>sid</c> claim, or an empty string.</param>
    /// <param name="tokenId">The <c>jti</c> claim, or an empty string.</param>
    /// <param name="expiresAt">The <c>exp</c> claim.</param>
    public SessionToken(string rawToken, ShopDomain shop, long userId, string sessionId, string tokenId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(rawToken);
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(tokenId);
        RawToken = rawToken;
        Shop = shop;
        UserId = userId;
        SessionId = sessionId;
        TokenId = tokenId;
        ExpiresAt = expiresAt;
    }

    /// <summary>The compact JWT as received: the <c>subject_token</c> of a token exchange. Never log it.</summary>
    public string RawToken { get; }

    /// <summary>The shop, from the validated <c>dest</c> claim.</summary>
    public ShopDomain Shop { get; }

    /// <summary>The staff user's ID, from the <c>sub</c> claim.</summary>
    public long UserId { get; }

    /// <summary>The per-user-and-app session ID (<c>sid</c>).</summary>
    public string SessionId { get; }

    /// <summary>The token's unique ID (<c>jti</c>).</summary>
    public string TokenId { get; }

    /// <summary>When the token expires (<c>exp</c>).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Describes the token by shop, user and expiry; never prints the JWT.</summary>
    /// <returns>A log-safe description.</returns>
    public override string ToString()
        => $"SessionToken {{ Shop = {Shop}, UserId = {UserId}, TokenId = {TokenId}, ExpiresAt = {ExpiresAt.ToString("O", CultureInfo.InvariantCulture)} }}";
}
