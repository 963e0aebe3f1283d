using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>
/// Non-expiring offline token → expiring pair (protocol §3.6). The legacy token is revoked; retrying
/// with it recovers the same pair for 7 days, until the pair is refreshed or another acquisition.
/// </summary>
internal sealed class MigrationGrant(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatedShop shop, TokenRequest request)
    {
        if (!request.Expiring)
        {
            return OAuthErrors.InvalidRequest("Migrating a non-expiring offline access token requires expiring=1.");
        }

        if (request["requested_token_type"] is { } requested && requested != OAuthNames.OfflineAccessToken)
        {
            return OAuthErrors.InvalidRequest("A non-expiring offline access token can only be exchanged for an offline access token.");
        }

        var now = state.Now;
        var tokens = shop.TokenState;
        var subject = request["subject_token"];
        if (subject is not null && tokens.Recovery is { } recovery && RefreshRules.CanRecover(recovery, tokens, subject, now))
        {
            // The access token's expiry may be extended on recovery; the refresh token's never is.
            recovery.Pair.Access.ExpiresAt = now + TokenLifetimes.ExpiringOfflineAccess;
            return TokenResponses.Expiring(recovery.Pair, now);
        }

        if (tokens.NonExpiring is not { } legacy || !string.Equals(subject, legacy.Token, StringComparison.Ordinal) || !legacy.IsActive(now))
        {
            return OAuthErrors.InvalidSubjectToken();
        }

        var pair = state.Issuer.StartChain(shop);
        tokens.Recovery = new MigrationRecovery(legacy.Token, pair, now, tokens.Acquisitions);
        return TokenResponses.Expiring(pair, now);
    }
}
