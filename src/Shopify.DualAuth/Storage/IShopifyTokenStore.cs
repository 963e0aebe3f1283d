namespace Shopify.DualAuth.Storage;

/// <summary>
/// Durable home of a shop's offline token and its users' online tokens. Implementations must be
/// safe for concurrent use by many threads and, for the durable stores, many processes.
/// </summary>
/// <remarks>
/// <para>
/// The offline token is replaced in two ways: <see cref="SaveOfflineTokenAsync"/> for a fresh
/// acquisition (install, reinstall, token exchange, code grant), and
/// <see cref="TryRotateOfflineTokenAsync"/> for a refresh or migration, which only succeeds when
/// the stored token is still the one the caller refreshed from. That compare-and-swap is what keeps
/// a fleet correct when two instances refresh at once: exactly one wins, the other re-reads.
/// </para>
/// <para>
/// Durable stores encrypt access and refresh tokens through <see cref="ITokenProtector"/>; shop,
/// user ID, scopes and expiry times stay queryable. <see cref="TokenPayloadSerializer"/> and
/// <see cref="OfflineTokenFingerprint"/> are the shared building blocks for that.
/// </para>
/// <para>
/// Rules every store follows (the conformance checks in <c>Shopify.DualAuth.Testing</c> test them):
/// times round-trip to at least the millisecond; "now" for online-token expiry is the store's
/// <see cref="TimeProvider"/>, and a token whose <see cref="OnlineToken.ExpiresAt"/> is at or before
/// now is expired; shops are ordered ordinally by <see cref="ShopDomain.Value"/> (byte order, not a
/// locale collation); deleting something that does not exist does nothing;
/// <see cref="OfflineToken.RequiresReauthorization"/> is stored with the token (a rotation may set
/// it, a save replaces it, a scope update keeps it), and a token carrying it is never due for refresh.
/// </para>
/// </remarks>
public interface IShopifyTokenStore
{
    /// <summary>Reads a shop's offline token.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored token, or <see langword="null"/> when the shop has none.</returns>
    ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default);

    /// <summary>Stores a freshly acquired offline token, replacing whatever the shop had.</summary>
    /// <param name="token">The new token.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the token is durable.</returns>
    ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically replaces the shop's offline token with <paramref name="replacement"/>, but only if
    /// the stored token is still <paramref name="current"/> (same access token and same refresh token).
    /// </summary>
    /// <param name="current">The token the caller refreshed or migrated from.</param>
    /// <param name="replacement">The token Shopify issued in exchange; same shop.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call replaced the token; <see langword="false"/> when another writer got there first or the shop has no token.</returns>
    /// <exception cref="ArgumentException"><paramref name="replacement"/> is for another shop than <paramref name="current"/>.</exception>
    ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default);

    /// <summary>Reads a user's online token; an expired token reads as missing.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">The staff user's ID.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored, unexpired token, or <see langword="null"/>.</returns>
    ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default);

    /// <summary>Stores a user's online token, replacing the previous one for that (shop, user).</summary>
    /// <param name="token">The token.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the token is durable.</returns>
    ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default);

    /// <summary>Deletes one user's online token.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">The staff user's ID.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the token is gone.</returns>
    ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default);

    /// <summary>Deletes everything stored for a shop (offline and all online tokens) in one step, as on uninstall.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when nothing of the shop remains.</returns>
    ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default);

    /// <summary>Records the scopes now granted to the shop's installation (as <c>app/scopes_update</c> reports them).</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="scopes">The granted scopes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the shop has an offline token whose scopes were updated.</returns>
    ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists offline tokens that need a refresh soon, in ascending shop order, one page at a time,
    /// for background refresh. Tokens marked <see cref="OfflineToken.RequiresReauthorization"/> are
    /// left out: no refresh can succeed for them.
    /// </summary>
    /// <param name="query">Which tokens are due, and where the page starts.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// At most <see cref="DueOfflineTokensQuery.PageSize"/> tokens, each shop after
    /// <see cref="DueOfflineTokensQuery.AfterShop"/>; fewer means the last page. A query with neither
    /// expiry bound selects nothing.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DueOfflineTokensQuery.PageSize"/> is outside 1 to 1000.</exception>
    ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists legacy non-expiring offline tokens (those without a refresh token), in ascending shop
    /// order, one page at a time, for migrating them to expiring tokens. Tokens marked
    /// <see cref="OfflineToken.RequiresReauthorization"/> are listed too, with the mark, so a
    /// migration can report them.
    /// </summary>
    /// <param name="afterShop">Continue after this shop (the last shop of the previous page); <see langword="null"/> for the first page. It need not be stored.</param>
    /// <param name="pageSize">The most tokens to return; 1 to <see cref="DueOfflineTokensQuery.MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>At most <paramref name="pageSize"/> legacy tokens, each shop after <paramref name="afterShop"/>; fewer means the last page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is outside 1 to 1000.</exception>
    ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default);
}
