using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>
/// <c>grant_type=refresh_token</c> (protocol §3.4–3.5): rotation on first use, the same pair on a
/// retry while the replacement is unused (30 days at most), 401 for a dead token.
/// </summary>
internal sealed class RefreshGrant(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatedShop shop, TokenRequest request)
    {
        var now = state.Now;
        if (request["refresh_token"] is not { } value
            || !state.RefreshTokens.TryGetValue(value, out var token)
            || token.Shop != shop.Domain)
        {
            return OAuthErrors.InactiveRefreshToken();
        }

        switch (RefreshRules.Judge(token, shop.TokenState, now))
        {
            case RefreshOutcome.Rotate:
                return TokenResponses.Expiring(state.Issuer.Rotate(shop, token), now);
            case RefreshOutcome.Replay:
                // The same pair again; its access token gets a fresh hour so the replayed answer is usable.
                var pair = token.Successor!;
                pair.Access.ExpiresAt = now + TokenLifetimes.ExpiringOfflineAccess;
                return TokenResponses.Expiring(pair, now);
            default:
                return OAuthErrors.InactiveRefreshToken();
        }
    }
}
