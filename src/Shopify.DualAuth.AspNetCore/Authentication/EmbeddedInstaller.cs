using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>
/// Installs a shop from its first authenticated request (Shopify-managed installation, zero
/// redirects): when no usable offline token is stored, the request's session token is exchanged for
/// both tokens before the app's endpoint runs. Later requests cost one store read.
/// </summary>
internal sealed class EmbeddedInstaller(
    IShopifyTokenStore store,
    IShopifyTokens tokens,
    TimeProvider time,
    IOptionsMonitor<ShopifyAspNetCoreOptions> options,
    ILogger<EmbeddedInstaller> logger)
{
    /// <summary>
    /// Makes sure the token's shop is installed; false when Shopify refused the session token
    /// (<c>invalid_subject_token</c>), which the caller treats like an invalid token.
    /// </summary>
    public async Task<bool> EnsureInstalledAsync(HttpContext context, SessionToken sessionToken)
    {
        var shop = sessionToken.Shop;
        var stored = await store.GetOfflineTokenAsync(shop, context.RequestAborted).ConfigureAwait(false);
        if (stored is not null)
        {
            if (!OfflineTokenHealth.IsUnusable(stored, time.GetUtcNow()))
            {
                return true;
            }

            logger.ReauthorizationRequired(shop, ReauthorizationTrigger.OfflineTokenUnusable, null);
            await options.CurrentValue.Events.ReauthorizationRequired(new ReauthorizationRequiredContext(context, shop, null, ReauthorizationTrigger.OfflineTokenUnusable)).ConfigureAwait(false);
        }

        DualTokens installed;
        try
        {
            installed = await tokens.InstallAsync(sessionToken, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ShopifyOAuthException error) when (error.Kind == ShopifyOAuthErrorKind.InvalidSubjectToken)
        {
            return false;
        }

        ShopifyRequestFeature.GetOrCreate(context).OnlineToken = installed.Online;
        logger.ShopInstalled(shop);
        await options.CurrentValue.Events.ShopInstalled(new ShopInstalledContext(context, installed.Offline, installed.Online)).ConfigureAwait(false);
        return true;
    }
}
