namespace Shopify.DualAuth.AspNetCore;

/// <summary>
/// What sends a shop or user through authorization again. (Why the lifecycle gave up on an offline
/// token is <see cref="Shopify.DualAuth.ReauthorizationReason"/>.)
/// </summary>
public enum ReauthorizationTrigger
{
    /// <summary>The shop's stored offline token can no longer be used or refreshed (expired refresh token, revoked, secret rotated).</summary>
    OfflineTokenUnusable = 0,

    /// <summary>The shop's installation lacks scopes the app now requires.</summary>
    ScopesNotGranted = 1,

    /// <summary>The signed-in user's online token is missing or expired.</summary>
    OnlineTokenExpired = 2,
}
