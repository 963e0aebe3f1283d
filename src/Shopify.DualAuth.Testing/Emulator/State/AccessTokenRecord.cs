namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>One access token the emulator issued. Mutable fields are only touched under the state gate.</summary>
internal sealed class AccessTokenRecord
{
    public required string Token { get; init; }

    public required ShopDomain Shop { get; init; }

    public required EmulatedTokenKind Kind { get; init; }

    public required ScopeSet Scopes { get; set; }

    public required DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public bool Revoked { get; set; }

    /// <summary>The staff user of an online token.</summary>
    public EmulatedUser? User { get; init; }

    /// <summary>The scopes the user's permissions allow: <c>associated_user_scope</c>.</summary>
    public ScopeSet? UserScopes { get; init; }

    public bool IsActive(DateTimeOffset now) => !Revoked && (ExpiresAt is not { } expiresAt || now < expiresAt);

    public EmulatedTokenInfo Describe(DateTimeOffset now)
        => new(Kind, Shop, Scopes, IssuedAt, ExpiresAt, Revoked, IsActive(now), User?.Id, UserScopes);
}
