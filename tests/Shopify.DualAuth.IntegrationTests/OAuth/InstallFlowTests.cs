using System.Security.Cryptography;
using System.Text;
using Shopify.DualAuth.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.IntegrationTests.OAuth;

/// <summary>
/// The two install flows of the design, at the protocol level, with the emulator counting every call:
/// the code grant twice in one pass (offline, then per-user), and one session token exchanged twice.
/// </summary>
public class InstallFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Code_grant_installs_offline_then_per_user_in_one_pass(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var scopes = ScopeSet.Parse("write_orders,read_customers");

        // Install: the offline authorization, verified as a callback handler would, then the code POST.
        var offlineState = EmulatorRig.NewState();
        var offlineCallback = await AuthorizeAndVerifyCallbackAsync(rig, AccessMode.Offline, offlineState, scopes);
        var offline = (await rig.Client.ExchangeCodeAsync(rig.Domain, offlineCallback["code"], Ct)).Offline!;

        // Chained at once: the per-user authorization for the installing user.
        var onlineState = EmulatorRig.NewState();
        var onlineCallback = await AuthorizeAndVerifyCallbackAsync(rig, AccessMode.Online, onlineState, scopes);
        var online = (await rig.Client.ExchangeCodeAsync(rig.Domain, onlineCallback["code"], Ct)).Online!;

        Assert.True(offline.IsExpiring);
        Assert.True(offline.Scopes.Covers(scopes));
        Assert.Equal(EmulatorRig.OwnerId, online.User.Id);
        Assert.Equal("olive@example.com", online.User.Email);
        Assert.True(rig.Emulator.Tokens.IsActive(offline.AccessToken));
        Assert.True(rig.Emulator.Tokens.IsActive(online.AccessToken));

        var counters = rig.Emulator.Counters;
        Assert.Equal(2, counters.EndpointCalls(EmulatorEndpoint.Authorize, rig.Domain));
        Assert.Equal(2, counters.EndpointCalls(EmulatorEndpoint.AccessToken, rig.Domain));
        Assert.Equal(2, counters.Calls(EmulatorGrant.AuthorizationCode, rig.Domain));
        Assert.Equal(2, counters.Succeeded(EmulatorGrant.AuthorizationCode, rig.Domain));
        Assert.Equal(4, rig.Emulator.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task One_session_token_is_exchanged_twice_for_both_tokens(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);

        // Validated locally first; the shop comes from its dest claim.
        var sessionToken = rig.SessionToken();
        Assert.Equal(rig.Domain, sessionToken.Shop);
        Assert.Equal(EmulatorRig.OwnerId, sessionToken.UserId);

        var offline = await rig.Client.ExchangeSessionTokenForOfflineAsync(sessionToken, Ct);
        var online = await rig.Client.ExchangeSessionTokenForOnlineAsync(sessionToken, Ct);
        var tokens = new DualTokens(offline, online);

        Assert.True(tokens.Offline.IsExpiring);
        Assert.Equal(sessionToken.UserId, tokens.Online.User.Id);
        Assert.Equal(offline.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.True(rig.Emulator.Tokens.IsActive(online.AccessToken));

        var counters = rig.Emulator.Counters;
        Assert.Equal(1, counters.Succeeded(EmulatorGrant.TokenExchangeOffline, rig.Domain));
        Assert.Equal(1, counters.Succeeded(EmulatorGrant.TokenExchangeOnline, rig.Domain));
        Assert.Equal(0, counters.EndpointCalls(EmulatorEndpoint.Authorize));
        Assert.Equal(2, rig.Emulator.Requests.Count);
    }

    /// <summary>
    /// Follows the authorize redirect and makes the callback checks of protocol §1.4 as the app's
    /// callback handler does: <see cref="ShopifyRequestVerifier.VerifyQuery(ReadOnlySpan{char})"/> on the raw
    /// query, the state we issued, the shop we sent the merchant to. The HMAC is also recomputed here,
    /// independently of both the library and the emulator (sorted <c>key=value</c> pairs without
    /// <c>hmac</c>, HMAC-SHA256, lower-case hex).
    /// </summary>
    private static async Task<Dictionary<string, string>> AuthorizeAndVerifyCallbackAsync(EmulatorRig rig, AccessMode mode, string state, ScopeSet scopes)
    {
        var callbackUrl = await rig.FollowAuthorizeToCallbackAsync(rig.Client.BuildAuthorizeUrl(rig.Domain, mode, EmulatorRig.Callback, state, scopes));
        var callback = EmulatorRig.ParseQuery(callbackUrl);

        var verified = rig.Services.GetRequiredService<ShopifyRequestVerifier>().VerifyQuery(callbackUrl.Query);
        Assert.True(verified.IsValid, $"The callback failed verification: {verified}");
        Assert.Equal(rig.Domain, verified.Shop);
        Assert.Equal(state, callback["state"]);
        Assert.Equal(["code", "hmac", "host", "shop", "state", "timestamp"], callback.Keys.Order(StringComparer.Ordinal));
        Assert.True(ShopDomain.TryParseHost(callback["host"], out var hostShop));
        Assert.Equal(rig.Domain, hostShop);

        var message = string.Join('&', callback.Where(p => p.Key != "hmac").Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(EmulatorRig.ClientSecret), Encoding.UTF8.GetBytes(message)));
        Assert.Equal(expected, callback["hmac"]);
        return callback;
    }
}
