using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>Code → token (protocol §1.7): single use; <c>expiring</c> only matters for offline codes.</summary>
internal sealed class CodeGrant(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatedShop shop, TokenRequest request)
    {
        if (request["code"] is not { } value
            || !state.Codes.TryGetValue(value, out var code)
            || code.Used
            || code.Shop != shop.Domain
            || !shop.InstalledUnlocked)
        {
            return OAuthErrors.CodeNotFound();
        }

        code.Used = true;
        if (code.Online)
        {
            var user = shop.FindUserUnlocked(code.User.Id) ?? code.User;
            return TokenResponses.Online(state.Issuer.IssueOnline(shop, user), state.Now);
        }

        return OfflineIssuance.Issue(state, shop, request.Expiring);
    }
}
