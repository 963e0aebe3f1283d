namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// How <see cref="OfflineTokenRefreshService"/> keeps offline tokens fresh; set through
/// <c>AddBackgroundRefresh</c> and validated when the host starts.
/// </summary>
public sealed class OfflineTokenRefreshOptions
{
    /// <summary>
    /// How often the store is swept, on the application's <see cref="TimeProvider"/>; the first sweep
    /// runs when the host starts. Keep it shorter than <see cref="ShopifyAppOptions.RefreshBeforeExpiry"/>,
    /// so an active shop's access token is refreshed here before a request has to. Default 1 minute;
    /// 1 second to 1 day.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A shop whose refresh token expires within this margin is refreshed, however long it has been
    /// idle, so its 90-day chain never lapses. Default 30 days; 1 hour to 89 days.
    /// </summary>
    public TimeSpan RefreshTokenMargin { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A shop counts as active when app code in this process asked for its offline or online token
    /// (<see cref="IShopifyTokens.GetOfflineTokenAsync"/>, <see cref="IShopifyTokens.GetOnlineTokenAsync"/>)
    /// within this window. Active shops' access tokens are refreshed when they come within
    /// <see cref="ShopifyAppOptions.RefreshBeforeExpiry"/> of expiry; idle shops' are left to expire.
    /// Default 1 hour; zero turns access-token refresh off.
    /// </summary>
    public TimeSpan ActivityWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many shops are refreshed at once. Default 4; 1 to 64.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How many due tokens are read from the store per query. Default 100; 1 to 1000.</summary>
    public int PageSize { get; set; } = 100;
}
