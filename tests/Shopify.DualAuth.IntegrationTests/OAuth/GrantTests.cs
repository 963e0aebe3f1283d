using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.OAuth;

/// <summary>Every grant of <see cref="ShopifyOAuthClient"/> against the emulator, over Kestrel and in process.</summary>
public class GrantTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Offline_code_grant_yields_an_expiring_offline_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var code = await rig.AuthorizeForCodeAsync(AccessMode.Offline);
        var before = DateTimeOffset.UtcNow;

        var grant = await rig.Client.ExchangeCodeAsync(rig.Domain, code, Ct);

        Assert.False(grant.IsOnline);
        var token = grant.Offline;
        Assert.True(token.IsExpiring);
        Assert.Equal(rig.Domain, token.Shop);
        Assert.Equal(ScopeSet.Parse("write_orders,read_customers"), token.Scopes);
        Assert.InRange(token.ExpiresAt!.Value, before.AddHours(1).AddSeconds(-5), DateTimeOffset.UtcNow.AddHours(1));
        Assert.InRange(token.RefreshTokenExpiresAt!.Value, before.AddDays(90).AddSeconds(-5), DateTimeOffset.UtcNow.AddDays(90));
        Assert.Equal(token.AccessToken, rig.Emulator.Tokens.GetOfflineAccessToken(rig.Domain));
        Assert.Equal(token.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.AuthorizationCode, rig.Domain));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Offline_code_grant_without_expiring_yields_the_legacy_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, app: options => options.ExpiringOfflineTokens = false);
        var code = await rig.AuthorizeForCodeAsync(AccessMode.Offline);

        var token = (await rig.Client.ExchangeCodeAsync(rig.Domain, code, Ct)).Offline!;

        Assert.False(token.IsExpiring);
        Assert.Null(token.RefreshToken);
        Assert.True(rig.Emulator.Tokens.IsActive(token.AccessToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Per_user_code_grant_yields_the_signed_in_users_online_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        rig.Emulator.SignIn(rig.Domain, EmulatorRig.StaffId);
        var code = await rig.AuthorizeForCodeAsync(AccessMode.Online);

        var grant = await rig.Client.ExchangeCodeAsync(rig.Domain, code, Ct);

        Assert.True(grant.IsOnline);
        var token = grant.Online;
        Assert.Equal(EmulatorRig.StaffId, token.User.Id);
        Assert.Equal("Sam", token.User.FirstName);
        Assert.False(token.User.EmailVerified);
        Assert.Equal(ScopeSet.Parse("read_orders"), token.UserScopes);
        Assert.Equal(EmulatorRig.StaffId, rig.Emulator.Tokens.Describe(token.AccessToken)!.UserId);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Token_exchange_yields_both_tokens_for_the_session_tokens_user(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var sessionToken = rig.SessionToken();

        var offline = await rig.Client.ExchangeSessionTokenForOfflineAsync(sessionToken, Ct);
        var online = await rig.Client.ExchangeSessionTokenForOnlineAsync(sessionToken, Ct);

        Assert.True(offline.IsExpiring);
        Assert.Equal(offline.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.Equal(EmulatorRig.OwnerId, online.User.Id);
        Assert.True(online.User.Id > int.MaxValue);
        Assert.True(online.User.AccountOwner);
        Assert.True(rig.Emulator.Tokens.IsActive(offline.AccessToken));
        Assert.True(rig.Emulator.Tokens.IsActive(online.AccessToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Refresh_rotates_the_pair(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);

        var refreshed = await rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct);

        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(refreshed.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.True(rig.Emulator.Tokens.IsActive(refreshed.AccessToken));

        // Using the replacement retires its predecessor for good.
        await rig.Client.RefreshAsync(rig.Domain, refreshed.RefreshToken!, Ct);
        Assert.False(rig.Emulator.Tokens.IsRefreshTokenAlive(first.RefreshToken!));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Migration_turns_a_legacy_token_into_an_expiring_pair(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var legacy = rig.Emulator.Tokens.IssueNonExpiringOfflineToken(rig.Domain);

        var migrated = await rig.Client.MigrateToExpiringAsync(rig.Domain, legacy, Ct);

        Assert.True(migrated.IsExpiring);
        Assert.True(rig.Emulator.Tokens.IsActive(migrated.AccessToken));
        Assert.False(rig.Emulator.Tokens.IsActive(legacy));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.Migration));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Client_credentials_yield_a_day_long_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, shop: shop => shop.AllowsClientCredentials = true);
        var before = DateTimeOffset.UtcNow;

        var token = await rig.Client.RequestClientCredentialsAsync(rig.Domain, Ct);

        Assert.True(rig.Emulator.Tokens.IsActive(token.AccessToken));
        Assert.InRange(token.ExpiresAt, before.AddSeconds(86399 - 5), DateTimeOffset.UtcNow.AddSeconds(86399));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.ClientCredentials));
    }
}
