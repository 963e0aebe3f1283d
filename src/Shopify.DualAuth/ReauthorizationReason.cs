namespace Shopify.DualAuth;

/// <summary>Why a shop's offline token can no longer be renewed without the merchant.</summary>
public enum ReauthorizationReason
{
    /// <summary>
    /// The token was marked <see cref="OfflineToken.RequiresReauthorization"/> earlier, by this instance or
    /// another: no call to Shopify was made.
    /// </summary>
    PreviouslyMarked = 0,

    /// <summary>Shopify rejected the refresh token (400 or 401: used, retired by a newer token, or revoked).</summary>
    RefreshTokenRejected = 1,

    /// <summary>The refresh token passed its 90-day expiry (the shop was idle too long).</summary>
    RefreshTokenExpired = 2,

    /// <summary>Shopify refused to migrate the legacy non-expiring token (revoked, or migrated elsewhere long ago).</summary>
    MigrationRejected = 3,
}
