using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>Issues the offline token a code or token exchange asked for; runs under the state gate.</summary>
internal static class OfflineIssuance
{
    public static EmulatorResponse Issue(EmulatorState state, EmulatedShop shop, bool expiring)
    {
        if (expiring)
        {
            return TokenResponses.Expiring(state.Issuer.StartChain(shop), state.Now);
        }

        // Moving a shop to expiring tokens is one-way (protocol §3.6).
        return shop.TokenState.UsesExpiringOffline
            ? OAuthErrors.InvalidRequest("This shop uses expiring offline access tokens: request one with expiring=1.")
            : TokenResponses.NonExpiring(state.Issuer.IssueNonExpiring(shop));
    }
}
