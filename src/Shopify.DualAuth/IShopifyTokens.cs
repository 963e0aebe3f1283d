using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth;

/// <summary>
/// The one service app code calls for tokens: installs a shop (both tokens from one session token),
/// completes the code grant, hands out an offline token that is always fresh and a per-user online
/// token, and forgets a shop on uninstall. Registered by <c>AddShopifyDualAuth</c> as
/// <see cref="ShopifyTokens"/>; it needs a token store (<c>AddInMemoryTokenStore()</c>,
/// <c>AddSqliteTokenStore(...)</c>, <c>AddRedisTokenStore(...)</c> or <c>AddPostgreSqlTokenStore(...)</c>).
/// </summary>
/// <remarks>
/// Every method is safe to call concurrently, from any number of requests and instances. Shopify is
/// called only when needed, and once for many concurrent callers that need the same thing. Failures
/// from Shopify surface as <see cref="ShopifyOAuthException"/>; no exception, log or metric carries a
/// token, code or session token.
/// </remarks>
public interface IShopifyTokens
{
    /// <summary>
    /// Installs the app from an embedded app's first load (Shopify-managed installation, zero
    /// redirects): exchanges the session token for the shop's offline token (expiring when
    /// <see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> is on), then the same session token for
    /// the user's online token, and stores both. Call it when <see cref="GetOfflineTokenAsync"/> throws
    /// <see cref="ShopNotInstalledException"/> or <see cref="ShopReauthorizationRequiredException"/>; every
    /// call exchanges, since a new install must replace whatever is stored.
    /// </summary>
    /// <param name="sessionToken">A session token that passed <c>SessionTokenValidator</c>; its <c>dest</c> names the shop.</param>
    /// <param name="cancellationToken">Stops waiting; exchanges already sent run to completion and are stored, so no token Shopify issued is lost.</param>
    /// <returns>Both stored tokens.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the session token (<see cref="ShopifyOAuthErrorKind.InvalidSubjectToken"/>: ask App Bridge for a new one) or could not be reached.</exception>
    /// <remarks>
    /// Concurrent installs of one shop in this process make one offline exchange, and of one user one
    /// online exchange, whose results they all receive. A new expiring offline token retires the
    /// shop's older refresh tokens at Shopify, and the stored token is replaced unconditionally, which
    /// also clears <see cref="OfflineToken.RequiresReauthorization"/>.
    /// </remarks>
    Task<DualTokens> InstallAsync(SessionToken sessionToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes the code grant: redeems the <c>code</c> of a verified OAuth callback and stores the
    /// token it produced, the shop's offline token or, for a per-user authorization, the user's online
    /// token.
    /// </summary>
    /// <param name="shop">The shop of the verified callback.</param>
    /// <param name="code">The callback's <c>code</c>.</param>
    /// <param name="cancellationToken">Stops waiting; a redemption already sent runs to completion and is stored.</param>
    /// <returns>The token the code produced, as stored.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the code (<see cref="ShopifyOAuthErrorKind.CodeRejected"/>: restart the authorization), the client, or could not be reached.</exception>
    /// <remarks>
    /// <para>
    /// A callback hit twice with the same code (a reload) never loses the stored token: the stored
    /// token is only ever written after Shopify answered with a new one. Concurrent hits in one process
    /// share one redemption. A hit after the first one completed gets Shopify's
    /// <see cref="ShopifyOAuthErrorKind.CodeRejected"/>; when this process redeemed that code in the last
    /// 10 minutes, the answer is instead the token now stored for what the code produced (the shop's
    /// offline token, renewed if due, or the user's unexpired online token), and the exception is
    /// thrown only when that token is gone. A code redeemed by another instance, or before a restart, is
    /// unknown here and throws: treat that as "installed already" when <see cref="GetOfflineTokenAsync"/>
    /// succeeds, and restart the authorization otherwise.
    /// </para>
    /// </remarks>
    Task<AuthorizationCodeGrant> CompleteAuthorizationAsync(ShopDomain shop, string code, CancellationToken cancellationToken = default);

    /// <summary>
    /// The shop's offline token, valid for at least <see cref="ShopifyAppOptions.RefreshBeforeExpiry"/>:
    /// refreshed when it is closer to its expiry (once per expiry across a fleet), and migrated from a
    /// legacy non-expiring token when <see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> is on.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="cancellationToken">Stops waiting; a refresh already sent runs to completion and is stored.</param>
    /// <returns>The stored token, renewed when it was due.</returns>
    /// <exception cref="ShopNotInstalledException">No token is stored for the shop (never installed, or uninstalled). Shopify is not called.</exception>
    /// <exception cref="ShopReauthorizationRequiredException">Shopify refused the refresh (or migration), now or earlier: only the merchant can restore access. Shopify is not called again for that token.</exception>
    /// <exception cref="ShopifyOAuthException">Shopify could not be reached after every retry and the stored token is no longer usable, or the client credentials were refused.</exception>
    /// <remarks>
    /// When Shopify cannot be reached after every retry with the same refresh token, the stored token
    /// is returned while it is still valid for <see cref="ShopifyAppOptions.ClockSkew"/>: the next call
    /// tries again. Granted scopes are not checked here; see <see cref="CheckScopesAsync"/>.
    /// </remarks>
    ValueTask<OfflineToken> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default);

    /// <summary>
    /// The online token of the session token's user, from this process's memory while it stays valid
    /// for <see cref="ShopifyAppOptions.ClockSkew"/>, else from the store, else by exchanging the session
    /// token (and storing the result). Tokens are kept per (shop, user) and never handed to another user.
    /// </summary>
    /// <param name="sessionToken">A session token that passed <c>SessionTokenValidator</c>.</param>
    /// <param name="cancellationToken">Stops waiting; an exchange already sent runs to completion and is stored.</param>
    /// <returns>The user's online token.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the session token (<see cref="ShopifyOAuthErrorKind.InvalidSubjectToken"/>) or could not be reached.</exception>
    /// <remarks>Concurrent requests of one user in this process make one exchange, whose result they all receive; a failure is not remembered.</remarks>
    ValueTask<OnlineToken> GetOnlineTokenAsync(SessionToken sessionToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets the shop, as on <c>app/uninstalled</c>: deletes its offline token and every online token
    /// from the store and from this process's memory. <see cref="GetOfflineTokenAsync"/> then throws
    /// <see cref="ShopNotInstalledException"/> without calling Shopify.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when nothing of the shop is stored.</returns>
    Task UninstallAsync(ShopDomain shop, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares the scopes the shop granted (stored with its offline token, updated by
    /// <c>app/scopes_update</c>) with <see cref="ShopifyAppOptions.Scopes"/>. Shopify is not called.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What is granted and what is missing; <see cref="ScopeCheckResult.RequiresReauthorization"/> when the merchant must grant more.</returns>
    /// <exception cref="ShopNotInstalledException">No token is stored for the shop.</exception>
    ValueTask<ScopeCheckResult> CheckScopesAsync(ShopDomain shop, CancellationToken cancellationToken = default);
}
