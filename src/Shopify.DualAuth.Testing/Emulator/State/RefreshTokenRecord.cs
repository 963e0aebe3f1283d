namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>One refresh token of an expiring offline chain. Mutable fields are only touched under the state gate.</summary>
internal sealed class RefreshTokenRecord
{
    public required string Token { get; init; }

    public required ShopDomain Shop { get; init; }

    /// <summary>The acquisition this token descends from; only the shop's current chain can refresh.</summary>
    public required long ChainId { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the token was first used; from then on it can only replay <see cref="Successor"/>.</summary>
    public DateTimeOffset? FirstUsedAt { get; set; }

    /// <summary>The pair its first use produced.</summary>
    public IssuedPair? Successor { get; set; }
}
