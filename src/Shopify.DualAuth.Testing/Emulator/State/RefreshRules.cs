namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>What a refresh with a given token does (protocol §3.5, Aug-2026 rules).</summary>
internal enum RefreshOutcome
{
    /// <summary>The token is dead: 401 "This request requires an active refresh_token".</summary>
    Dead,

    /// <summary>First use: a new access token and a new refresh token.</summary>
    Rotate,

    /// <summary>A retry with an already used token: the same pair as its first use.</summary>
    Replay,
}

/// <summary>Judges refresh tokens and migration retries; runs under the state gate.</summary>
internal static class RefreshRules
{
    /// <summary>
    /// A refresh token works only in the shop's current chain and within its 90 days. Once used, it
    /// replays its answer until the replacement is first used, for at most 30 days from its first use.
    /// </summary>
    public static RefreshOutcome Judge(RefreshTokenRecord token, ShopTokenState shop, DateTimeOffset now)
    {
        if (token.ChainId != shop.CurrentChainId || now >= token.ExpiresAt)
        {
            return RefreshOutcome.Dead;
        }

        if (token.FirstUsedAt is not { } firstUse)
        {
            return RefreshOutcome.Rotate;
        }

        return token.Successor is { } successor
            && successor.Refresh.FirstUsedAt is null
            && now < firstUse + TokenLifetimes.RefreshRetryWindow
                ? RefreshOutcome.Replay
                : RefreshOutcome.Dead;
    }

    /// <summary>
    /// A migration retried with the original legacy token returns the same pair for 7 days, until the
    /// pair is refreshed or the shop acquires another token (protocol §3.6).
    /// </summary>
    public static bool CanRecover(MigrationRecovery recovery, ShopTokenState shop, string legacyToken, DateTimeOffset now)
        => string.Equals(recovery.LegacyToken, legacyToken, StringComparison.Ordinal)
            && now < recovery.MigratedAt + TokenLifetimes.MigrationRecoveryWindow
            && recovery.Pair.Refresh.FirstUsedAt is null
            && recovery.AcquisitionStamp == shop.Acquisitions
            && recovery.Pair.Refresh.ChainId == shop.CurrentChainId;
}
