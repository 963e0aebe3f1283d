using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>
/// What the emulated Shopify knows about the tokens it issued, for assertions and set-up: which
/// token a shop holds, whether a token still works, and legacy tokens to migrate.
/// </summary>
public sealed class EmulatedTokens
{
    private readonly EmulatorState _state;

    internal EmulatedTokens(EmulatorState state) => _state = state;

    /// <summary>Describes an access token the emulator issued.</summary>
    /// <param name="accessToken">The token.</param>
    /// <returns>A snapshot, or <see langword="null"/> for a token the emulator never issued.</returns>
    public EmulatedTokenInfo? Describe(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        lock (_state.Gate)
        {
            return _state.AccessTokens.TryGetValue(accessToken, out var token) ? token.Describe(_state.Now) : null;
        }
    }

    /// <summary>Whether the Admin API accepts <paramref name="accessToken"/> now: issued, not revoked, not expired.</summary>
    /// <param name="accessToken">The token.</param>
    /// <returns><see langword="true"/> when it works.</returns>
    public bool IsActive(string accessToken) => Describe(accessToken)?.IsActive == true;

    /// <summary>The offline access token the shop was issued last, while it still works.</summary>
    /// <param name="shop">The shop.</param>
    /// <returns>The token, or <see langword="null"/> when none is active.</returns>
    public string? GetOfflineAccessToken(ShopDomain shop)
    {
        lock (_state.Gate)
        {
            var latest = Shop(shop).TokenState.LatestOffline;
            return latest is not null && latest.IsActive(_state.Now) ? latest.Token : null;
        }
    }

    /// <summary>The refresh token the shop was issued last, while a refresh with it would still succeed.</summary>
    /// <param name="shop">The shop.</param>
    /// <returns>The token, or <see langword="null"/>.</returns>
    public string? GetRefreshToken(ShopDomain shop)
    {
        lock (_state.Gate)
        {
            var tokens = Shop(shop).TokenState;
            return tokens.LatestRefresh is { } latest && RefreshRules.Judge(latest, tokens, _state.Now) != RefreshOutcome.Dead
                ? latest.Token
                : null;
        }
    }

    /// <summary>
    /// Whether a refresh with <paramref name="refreshToken"/> would succeed now, either as its first use
    /// or as a retry that returns the same pair again.
    /// </summary>
    /// <param name="refreshToken">The refresh token.</param>
    /// <returns><see langword="true"/> when it is alive.</returns>
    public bool IsRefreshTokenAlive(string refreshToken)
    {
        ArgumentNullException.ThrowIfNull(refreshToken);
        lock (_state.Gate)
        {
            return _state.RefreshTokens.TryGetValue(refreshToken, out var token)
                && _state.FindShop(token.Shop) is { } shop
                && RefreshRules.Judge(token, shop.TokenState, _state.Now) != RefreshOutcome.Dead;
        }
    }

    /// <summary>
    /// Sets up a shop as an app installed before expiring tokens: marks the app installed and returns
    /// its non-expiring offline token (the same one on every call), ready to be migrated.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <returns>The non-expiring offline token.</returns>
    /// <exception cref="InvalidOperationException">The shop already moved to expiring offline tokens.</exception>
    public string IssueNonExpiringOfflineToken(ShopDomain shop)
    {
        lock (_state.Gate)
        {
            var emulated = Shop(shop);
            if (emulated.TokenState.UsesExpiringOffline)
            {
                throw new InvalidOperationException($"The shop {shop} already uses expiring offline tokens; Shopify does not go back.");
            }

            emulated.InstalledUnlocked = true;
            return _state.Issuer.IssueNonExpiring(emulated).Token;
        }
    }

    /// <summary>Revokes one access token, as a merchant logging out revokes online tokens.</summary>
    /// <param name="accessToken">The token.</param>
    /// <returns>Whether the emulator knew the token.</returns>
    public bool Revoke(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        lock (_state.Gate)
        {
            if (!_state.AccessTokens.TryGetValue(accessToken, out var token))
            {
                return false;
            }

            token.Revoked = true;
            return true;
        }
    }

    /// <summary>
    /// Revokes every online token of one staff user, as Shopify does when the user logs out of the admin;
    /// the next session-token exchange issues a new one.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">The staff user.</param>
    /// <returns>How many active tokens were revoked.</returns>
    public int RevokeOnlineTokens(ShopDomain shop, long userId)
    {
        lock (_state.Gate)
        {
            var domain = Shop(shop).Domain;
            var now = _state.Now;
            var revoked = 0;
            foreach (var token in _state.AccessTokens.Values)
            {
                if (token.Kind == EmulatedTokenKind.Online && token.Shop == domain && token.User?.Id == userId && token.IsActive(now))
                {
                    token.Revoked = true;
                    revoked++;
                }
            }

            return revoked;
        }
    }

    private EmulatedShop Shop(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return _state.FindShop(shop) ?? throw new ArgumentException($"The emulator has no shop {shop}.", nameof(shop));
    }
}
