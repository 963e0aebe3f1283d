using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.OAuth;

/// <summary>The emulator's rejections reach the caller as the right <see cref="ShopifyOAuthErrorKind"/>, after exactly one call.</summary>
public class RejectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_reused_code_is_rejected(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var code = await rig.AuthorizeForCodeAsync(AccessMode.Offline);
        await rig.Client.ExchangeCodeAsync(rig.Domain, code, Ct);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.ExchangeCodeAsync(rig.Domain, code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.CodeRejected, exception.Kind);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("invalid_request", exception.Error);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_session_token_signed_with_another_secret_is_an_invalid_subject_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);

        // Passes local checks only because the test builds the SessionToken by hand; Shopify has the last word.
        var forged = rig.Emulator.MintSessionToken(new SessionTokenDescriptor { Shop = rig.Domain, UserId = EmulatorRig.OwnerId, SigningSecret = "not-the-app-secret" });
        var sessionToken = new SessionToken(forged, rig.Domain, EmulatorRig.OwnerId, "sid", "jti", DateTimeOffset.UtcNow.AddMinutes(1));

        var offline = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.ExchangeSessionTokenForOfflineAsync(sessionToken, Ct));
        var online = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.ExchangeSessionTokenForOnlineAsync(sessionToken, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.InvalidSubjectToken, offline.Kind);
        Assert.Equal(ShopifyOAuthErrorKind.InvalidSubjectToken, online.Kind);
        Assert.Equal("invalid_subject_token", online.Error);
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOnline));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_retired_refresh_token_is_rejected(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        var second = await rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct);
        await rig.Client.RefreshAsync(rig.Domain, second.RefreshToken!, Ct);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.RefreshTokenRejected, exception.Kind);
        Assert.Equal(401, exception.StatusCode);
        Assert.Equal("This request requires an active refresh_token", exception.ErrorDescription);
        Assert.Equal(3, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_newer_acquisition_kills_the_older_refresh_chain(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var older = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RefreshAsync(rig.Domain, older.RefreshToken!, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.RefreshTokenRejected, exception.Kind);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_wrong_client_secret_is_an_invalid_client(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, app: options => options.ClientSecret = "wrong-secret");
        var legacy = rig.Emulator.Tokens.IssueNonExpiringOfflineToken(rig.Domain);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.MigrateToExpiringAsync(rig.Domain, legacy, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.InvalidClient, exception.Kind);
        Assert.Equal(401, exception.StatusCode);
        Assert.DoesNotContain("wrong-secret", exception.ToString(), StringComparison.Ordinal);
        Assert.True(rig.Emulator.Tokens.IsActive(legacy));
        Assert.Single(rig.Emulator.Requests);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Migrating_an_unknown_token_is_an_invalid_subject_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.MigrateToExpiringAsync(rig.Domain, "shpat_not_a_token_shopify_issued", Ct));

        Assert.Equal(ShopifyOAuthErrorKind.InvalidSubjectToken, exception.Kind);
        Assert.DoesNotContain("shpat_not_a_token", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Client_credentials_on_a_shop_that_does_not_allow_them_are_refused(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, shop: shop => shop.AllowsClientCredentials = false);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RequestClientCredentialsAsync(rig.Domain, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.InvalidClient, exception.Kind);
        Assert.Equal(400, exception.StatusCode);
        Assert.Single(rig.Emulator.Requests);
    }
}
