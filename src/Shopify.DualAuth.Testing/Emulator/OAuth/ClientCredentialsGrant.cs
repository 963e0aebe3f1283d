using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary><c>grant_type=client_credentials</c> (protocol §9.4): a 24-hour token, no refresh token.</summary>
internal sealed class ClientCredentialsGrant(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatedShop shop)
    {
        if (!shop.InstalledUnlocked)
        {
            return OAuthErrors.AppNotInstalled();
        }

        if (!shop.AllowsClientCredentialsUnlocked)
        {
            return EmulatorResponse.OAuthError(400, "shop_not_permitted", "Client credentials cannot be performed on this shop.");
        }

        return TokenResponses.ClientCredentials(state.Issuer.IssueClientCredentials(shop), state.Now);
    }
}
