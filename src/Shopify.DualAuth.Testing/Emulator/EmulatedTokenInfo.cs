namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>A snapshot of what the emulator knows about one access token, for assertions.</summary>
/// <param name="Kind">How the token was issued.</param>
/// <param name="Shop">The shop the token belongs to.</param>
/// <param name="Scopes">The installation scopes the token carries (<c>scope</c>).</param>
/// <param name="IssuedAt">When it was issued, on the emulator's clock.</param>
/// <param name="ExpiresAt">When it expires; <see langword="null"/> for non-expiring offline tokens.</param>
/// <param name="Revoked">Whether it was revoked (uninstall, migration, replacement, or explicitly).</param>
/// <param name="IsActive">Whether the Admin API accepted it when the snapshot was taken.</param>
/// <param name="UserId">The staff user of an online token.</param>
/// <param name="UserScopes">The <c>associated_user_scope</c> of an online token.</param>
public sealed record EmulatedTokenInfo(
    EmulatedTokenKind Kind,
    ShopDomain Shop,
    ScopeSet Scopes,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    bool Revoked,
    bool IsActive,
    long? UserId,
    ScopeSet? UserScopes);
