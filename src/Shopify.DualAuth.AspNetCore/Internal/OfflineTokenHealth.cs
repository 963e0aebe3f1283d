namespace Shopify.DualAuth.AspNetCore.Internal;

/// <summary>Whether a stored offline token can still serve the shop without the merchant.</summary>
internal static class OfflineTokenHealth
{
    /// <summary>
    /// True when the lifecycle gave up on the token (<see cref="OfflineToken.RequiresReauthorization"/>),
    /// or when it has expired and its refresh token has too: only a new grant restores access.
    /// </summary>
    public static bool IsUnusable(OfflineToken token, DateTimeOffset now)
        => token.RequiresReauthorization || (!token.IsValidFor(now, TimeSpan.Zero) && !token.CanRefresh(now));
}
