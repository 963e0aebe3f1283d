using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.Signing;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>
/// <c>GET admin/oauth/authorize</c> (protocol §1.3–1.5): checks the app and redirect URI, acts for
/// the shop's signed-in staff user (installing the app or adding scopes when needed), and redirects
/// back with a signed <c>code, host, shop, state, timestamp</c>.
/// </summary>
internal sealed class AuthorizeEndpoint(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatedShop shop, IQueryCollection query)
    {
        if (!string.Equals(query["client_id"].ToString(), state.ClientId, StringComparison.Ordinal))
        {
            return EmulatorResponse.OAuthErrorPage(400, "invalid_request", "The client_id does not name this app.");
        }

        var redirectUri = query["redirect_uri"].ToString();
        if (!state.AllowedRedirectUris.Any(u => u.OriginalString == redirectUri || u.AbsoluteUri == redirectUri))
        {
            return EmulatorResponse.OAuthErrorPage(400, "invalid_request", "The redirect_uri is not whitelisted.");
        }

        var stateValue = query["state"].ToString();
        if (stateValue.Length == 0)
        {
            return EmulatorResponse.OAuthErrorPage(400, "invalid_request", "The state parameter is required.");
        }

        if (!TryReadAccessMode(query["grant_options[]"], out var online))
        {
            return EmulatorResponse.OAuthErrorPage(400, "invalid_request", "grant_options[] must be empty or per-user.");
        }

        ScopeSet? requested = null;
        if (!StringValues.IsNullOrEmpty(query["scope"]) && !ScopeSet.TryParse(query["scope"].ToString(), out requested))
        {
            return EmulatorResponse.OAuthErrorPage(400, "invalid_scope", "The scope parameter is not a list of access scopes.");
        }

        lock (state.Gate)
        {
            var timestamp = UnixTime.Text(state.Now);
            if (shop.DeclinesAuthorizationUnlocked)
            {
                return Redirect(redirectUri, [new("error", "access_denied"), new("host", AdminHost.Encode(shop.Domain)), new("shop", shop.Domain.Value), new("state", stateValue), new("timestamp", timestamp)], "access_denied");
            }

            var user = shop.SignedInUserUnlocked;
            if (!TryApprove(shop, user, requested))
            {
                return EmulatorResponse.OAuthErrorPage(403, "insufficient_permissions", "The signed-in staff member lacks permissions for access scopes this app requires.");
            }

            var code = new AuthorizationCode { Code = state.Generator.Hex(16), Shop = shop.Domain, Online = online, User = user };
            state.Codes.Add(code.Code, code);
            return Redirect(redirectUri, [new("code", code.Code), new("host", AdminHost.Encode(shop.Domain)), new("shop", shop.Domain.Value), new("state", stateValue), new("timestamp", timestamp)], error: null);
        }
    }

    private static bool TryReadAccessMode(StringValues grantOptions, out bool online)
    {
        online = false;
        foreach (var option in grantOptions)
        {
            if (option == OAuthNames.PerUser)
            {
                online = true;
            }
            else if (!string.IsNullOrEmpty(option))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The grant screen: installing needs the user to hold every scope granted; on an installed shop,
    /// scopes beyond the installation's are added when the user holds them.
    /// </summary>
    private static bool TryApprove(EmulatedShop shop, EmulatedUser user, ScopeSet? requested)
    {
        var granted = shop.GrantedScopesUnlocked;
        ScopeSet target;
        ScopeSet needsApproval;
        if (!shop.InstalledUnlocked)
        {
            target = requested ?? granted;
            needsApproval = target;
        }
        else if (requested is not null && !granted.Covers(requested))
        {
            needsApproval = granted.Missing(requested);
            target = ScopeSet.From(granted.Concat(needsApproval));
        }
        else
        {
            return true;
        }

        if (!UserScopes.Covers(user, needsApproval))
        {
            return false;
        }

        shop.InstalledUnlocked = true;
        shop.GrantedScopesUnlocked = target;
        return true;
    }

    private EmulatorResponse Redirect(string redirectUri, List<KeyValuePair<string, string>> parameters, string? error)
    {
        parameters.Add(new("hmac", QueryHmac.Compute(state.ClientSecret, parameters)));
        parameters.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var location = new StringBuilder(redirectUri).Append(redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?');
        location.AppendJoin('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return EmulatorResponse.Redirect(location.ToString(), error);
    }
}
