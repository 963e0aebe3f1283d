using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.Signing;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>
/// Session token → offline or online token (protocol §4.1). The subject must be a session token this
/// app's secret signed, current, for this app, for the addressed shop, naming one of its staff.
/// </summary>
internal sealed class TokenExchangeGrant(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatedShop shop, TokenRequest request, bool online)
    {
        var userId = SessionTokenReader.Validate(request["subject_token"], shop.Domain, state.ClientId, state.ClientSecret, state.Now);
        if (userId is not { } id || shop.FindUserUnlocked(id) is not { } user)
        {
            return OAuthErrors.InvalidSubjectToken();
        }

        if (request.HasUnknownRequestedTokenType)
        {
            return OAuthErrors.InvalidRequest("The requested_token_type is not supported.");
        }

        if (!shop.InstalledUnlocked)
        {
            return OAuthErrors.AppNotInstalled();
        }

        return online
            ? TokenResponses.Online(state.Issuer.IssueOnline(shop, user), state.Now)
            : OfflineIssuance.Issue(state, shop, request.Expiring);
    }
}
