using System.Diagnostics;
using Polly.Timeout;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.OAuth;

/// <summary>
/// The emulator's injected faults against the library's resilience pipeline: what is retried, how
/// often, and what Shopify's state looks like afterwards.
/// </summary>
public class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<EmulatorHost, string> TransientFaults()
    {
        var data = new TheoryData<EmulatorHost, string>();
        foreach (var host in new[] { EmulatorHost.Kestrel, EmulatorHost.InProcess })
        {
            foreach (var fault in new[] { "500", "502", "503", "520", "reset" })
            {
                data.Add(host, fault);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task One_transient_failure_is_retried_and_the_grant_succeeds(EmulatorHost host, string fault)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var sessionToken = rig.SessionToken();
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, Fault(fault), EmulatorGrant.TokenExchangeOffline);

        var token = await rig.Client.ExchangeSessionTokenForOfflineAsync(sessionToken, Ct);

        Assert.True(rig.Emulator.Tokens.IsActive(token.AccessToken));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.TokenExchangeOffline));
        Assert.Equal(0, rig.Emulator.Faults.Pending);
    }

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task Persistent_transient_failures_end_as_transient_after_every_retry(EmulatorHost host, string fault)
    {
        await using var rig = await EmulatorRig.StartAsync(host, retry: options => options.MaxRetryAttempts = 2);
        rig.Shop.AllowsClientCredentials = true;
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 3, Fault(fault), EmulatorGrant.ClientCredentials);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RequestClientCredentialsAsync(rig.Domain, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Equal(fault == "reset" ? null : int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture), exception.StatusCode);
        Assert.Equal(3, rig.Emulator.Counters.Calls(EmulatorGrant.ClientCredentials));
        Assert.Equal(0, rig.Emulator.Counters.Succeeded(EmulatorGrant.ClientCredentials));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Too_many_requests_waits_for_Retry_After_then_retries(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), EmulatorGrant.RefreshToken);
        var clock = Stopwatch.StartNew();

        var refreshed = await rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"Retried after {clock.Elapsed} instead of waiting for Retry-After: 1.");
        Assert.Equal(refreshed.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_Retry_After_beyond_the_longest_wait_is_reported_not_waited_for(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, retry: options => options.MaxDelay = TimeSpan.FromSeconds(5));
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.TooManyRequests(TimeSpan.FromMinutes(2)), EmulatorGrant.RefreshToken);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Equal(429, exception.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), exception.RetryAfter);
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.True(rig.Emulator.Tokens.IsRefreshTokenAlive(first.RefreshToken!));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_hung_attempt_times_out_and_the_retry_succeeds(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, retry: options => options.AttemptTimeout = TimeSpan.FromSeconds(1));
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.Timeout, EmulatorGrant.RefreshToken);

        var refreshed = await rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct);

        Assert.Equal(refreshed.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Attempts_that_always_hang_end_as_a_transient_timeout(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host, retry: options =>
        {
            options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            options.MaxRetryAttempts = 1;
        });
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 2, EmulatorFault.Timeout, EmulatorGrant.RefreshToken);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.IsType<TimeoutRejectedException>(exception.InnerException);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.True(rig.Emulator.Tokens.IsRefreshTokenAlive(first.RefreshToken!));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_lost_refresh_answer_is_recovered_by_retrying_the_same_refresh_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var first = await rig.Client.ExchangeSessionTokenForOfflineAsync(rig.SessionToken(), Ct);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.RefreshToken);

        var refreshed = await rig.Client.RefreshAsync(rig.Domain, first.RefreshToken!, Ct);

        // Shopify rotated on the lost attempt; the retention rule hands the retry that same pair.
        Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(rig.Emulator.Tokens.GetRefreshToken(rig.Domain), refreshed.RefreshToken);
        Assert.Equal(rig.Emulator.Tokens.GetOfflineAccessToken(rig.Domain), refreshed.AccessToken);
        Assert.True(rig.Emulator.Tokens.IsActive(refreshed.AccessToken));
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));

        // And the chain goes on from the recovered pair.
        var next = await rig.Client.RefreshAsync(rig.Domain, refreshed.RefreshToken!, Ct);
        Assert.True(rig.Emulator.Tokens.IsActive(next.AccessToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_lost_migration_answer_is_recovered_by_retrying_the_same_legacy_token(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var legacy = rig.Emulator.Tokens.IssueNonExpiringOfflineToken(rig.Domain);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.Migration);

        var migrated = await rig.Client.MigrateToExpiringAsync(rig.Domain, legacy, Ct);

        Assert.Equal(rig.Emulator.Tokens.GetRefreshToken(rig.Domain), migrated.RefreshToken);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_lost_code_answer_cannot_be_recovered_and_says_so(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);
        var code = await rig.AuthorizeForCodeAsync(AccessMode.Offline);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.AuthorizationCode);

        // Codes are single use: the retry finds it spent, and the caller learns to authorize again.
        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.ExchangeCodeAsync(rig.Domain, code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.CodeRejected, exception.Kind);
        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Rejections_are_never_retried(EmulatorHost host)
    {
        await using var rig = await EmulatorRig.StartAsync(host);

        await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.RefreshAsync(rig.Domain, "shprt_unknown", Ct));
        await Assert.ThrowsAsync<ShopifyOAuthException>(() => rig.Client.ExchangeCodeAsync(rig.Domain, "0123456789abcdef", Ct));

        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.AuthorizationCode));
    }

    private static EmulatorFault Fault(string name) => name switch
    {
        "reset" => EmulatorFault.ConnectionReset,
        "520" => EmulatorFault.UnknownError,
        _ => EmulatorFault.ServerError(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
