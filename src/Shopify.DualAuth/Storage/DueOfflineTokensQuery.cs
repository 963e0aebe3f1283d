namespace Shopify.DualAuth.Storage;

/// <summary>
/// Selects expiring offline tokens whose access token expires before <see cref="AccessTokenExpiresBefore"/>
/// or whose refresh token expires before <see cref="RefreshTokenExpiresBefore"/>. Legacy
/// non-expiring tokens are never due.
/// </summary>
/// <param name="AccessTokenExpiresBefore">Tokens whose access token expires before this are due; <see langword="null"/> ignores access expiry.</param>
/// <param name="RefreshTokenExpiresBefore">Tokens whose refresh token expires before this are due; <see langword="null"/> ignores refresh expiry.</param>
/// <param name="AfterShop">Continue after this shop (the last shop of the previous page); <see langword="null"/> for the first page.</param>
/// <param name="PageSize">The most tokens to return; 1 to 1000.</param>
public sealed record DueOfflineTokensQuery(
    DateTimeOffset? AccessTokenExpiresBefore,
    DateTimeOffset? RefreshTokenExpiresBefore,
    ShopDomain? AfterShop = null,
    int PageSize = 100);
