namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>The per-shop token bookkeeping behind the documented rotation rules. Touched only under the state gate.</summary>
internal sealed class ShopTokenState
{
    /// <summary>The chain whose refresh tokens still work; every other chain is retired.</summary>
    public long? CurrentChainId { get; set; }

    /// <summary>The installation's non-expiring offline token, re-issued unchanged while active.</summary>
    public AccessTokenRecord? NonExpiring { get; set; }

    /// <summary>Set by the first expiring acquisition: Shopify's switch to expiring tokens is one-way.</summary>
    public bool UsesExpiringOffline { get; set; }

    public MigrationRecovery? Recovery { get; set; }

    /// <summary>Counts acquisitions (every grant but refresh); a migration retry is only honoured while it is unchanged.</summary>
    public long Acquisitions { get; set; }

    public AccessTokenRecord? LatestOffline { get; set; }

    public RefreshTokenRecord? LatestRefresh { get; set; }

    public long? SignedInUserId { get; set; }

    public void Reset()
    {
        CurrentChainId = null;
        NonExpiring = null;
        UsesExpiringOffline = false;
        Recovery = null;
        LatestOffline = null;
        LatestRefresh = null;
    }
}
