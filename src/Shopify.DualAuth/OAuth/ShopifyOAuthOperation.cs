namespace Shopify.DualAuth.OAuth;

/// <summary>The call to <c>/admin/oauth/access_token</c> that failed, as reported by <see cref="ShopifyOAuthException"/>.</summary>
public enum ShopifyOAuthOperation
{
    /// <summary>Exchanging an authorization code from the OAuth callback.</summary>
    AuthorizationCode = 0,

    /// <summary>Exchanging a session token for the shop's offline token.</summary>
    OfflineTokenExchange = 1,

    /// <summary>Exchanging a session token for the user's online token.</summary>
    OnlineTokenExchange = 2,

    /// <summary>Refreshing an expiring offline token with its refresh token.</summary>
    Refresh = 3,

    /// <summary>Migrating a legacy non-expiring offline token to an expiring one.</summary>
    Migration = 4,

    /// <summary>Requesting a token with the client credentials grant.</summary>
    ClientCredentials = 5,
}
