using System.Net;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class FaultTests
{
    public static TheoryData<EmulatorHost, int> StatusFaults()
    {
        var data = new TheoryData<EmulatorHost, int>();
        foreach (var host in new[] { EmulatorHost.Kestrel, EmulatorHost.InProcess })
        {
            foreach (var status in new[] { 500, 502, 503, 520 })
            {
                data.Add(host, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StatusFaults))]
    public async Task Status_faults_answer_the_status_and_change_nothing(EmulatorHost host, int status)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, status == 520 ? EmulatorFault.UnknownError : EmulatorFault.ServerError(status));

        using (var failed = await h.PostTokenAsync(Harness.Fields(("code", code))))
        {
            Assert.Equal(status, (int)failed.StatusCode);
        }

        // The code was not spent: Shopify never got to it.
        var token = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code))));
        Assert.StartsWith("shpat_", token.GetProperty("access_token").GetString());
        Assert.Equal(0, h.Emulator.Faults.Pending);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Too_many_requests_carries_retry_after(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var token = (await h.ExchangeAsync(online: false)).GetProperty("access_token").GetString();
        h.Emulator.Faults.FailNext(EmulatorEndpoint.GraphQL, 1, EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(2.2)));

        using var throttled = await h.GraphQLAsync(token);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(token!));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Timeout_hangs_until_the_client_gives_up(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var refresh = (await h.ExchangeAsync(online: false)).GetProperty("refresh_token").GetString()!;
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.Timeout, EmulatorGrant.RefreshToken);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        giveUp.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.SendTokenRequestAsync(Harness.RefreshFields(refresh), BodyFormat.Form, giveUp.Token));

        // Nothing happened on Shopify's side: the same refresh token rotates normally.
        Assert.True(h.Emulator.Tokens.IsRefreshTokenAlive(refresh));
        var rotated = await Harness.OkJsonAsync(await h.RefreshAsync(refresh));
        Assert.NotEqual(refresh, rotated.GetProperty("refresh_token").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Connection_reset_throws_HttpRequestException_and_changes_nothing(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.ConnectionReset);

        await Assert.ThrowsAsync<HttpRequestException>(() => h.PostTokenAsync(Harness.Fields(("code", code))));

        await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code))));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Lost_answer_applies_the_refresh_then_aborts(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var refresh = (await h.ExchangeAsync(online: false)).GetProperty("refresh_token").GetString()!;
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.RefreshToken);

        await Assert.ThrowsAsync<HttpRequestException>(() => h.RefreshAsync(refresh));

        // Shopify rotated: the pair it issued is what the shop now holds, and a retry returns exactly it.
        var issuedRefresh = h.Emulator.Tokens.GetRefreshToken(h.Domain);
        var issuedAccess = h.Emulator.Tokens.GetOfflineAccessToken(h.Domain);
        Assert.NotEqual(refresh, issuedRefresh);
        var retried = await Harness.OkJsonAsync(await h.RefreshAsync(refresh));
        Assert.Equal(issuedRefresh, retried.GetProperty("refresh_token").GetString());
        Assert.Equal(issuedAccess, retried.GetProperty("access_token").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Held_answer_applies_the_refresh_then_hangs_until_the_client_gives_up(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var refresh = (await h.ExchangeAsync(online: false)).GetProperty("refresh_token").GetString()!;
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.HeldAnswer, EmulatorGrant.RefreshToken);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var held = h.SendTokenRequestAsync(Harness.RefreshFields(refresh), BodyFormat.Form, giveUp.Token);

        // The log shows the rotation while the request still hangs: the moment a test acts in.
        while (!h.Emulator.Requests.Any(r => r.Fault == EmulatorFaultKind.HeldAnswer))
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.False(held.IsCompleted);
        var issuedRefresh = h.Emulator.Tokens.GetRefreshToken(h.Domain);
        Assert.NotEqual(refresh, issuedRefresh);
        Assert.Equal(200, h.Emulator.Requests.Single(r => r.Fault == EmulatorFaultKind.HeldAnswer).StatusCode);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);

        // The retention rule hands the retry the pair Shopify issued while the answer was held.
        var retried = await Harness.OkJsonAsync(await h.RefreshAsync(refresh));
        Assert.Equal(issuedRefresh, retried.GetProperty("refresh_token").GetString());
        Assert.Equal(1, h.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Lost_answer_spends_the_code(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer);

        await Assert.ThrowsAsync<HttpRequestException>(() => h.PostTokenAsync(Harness.Fields(("code", code))));

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("code", code))), HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(h.Emulator.Tokens.GetOfflineAccessToken(h.Domain));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Authorize_faults_apply_to_the_authorize_endpoint_only(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        h.Emulator.Faults.FailNext(EmulatorEndpoint.Authorize, 1, EmulatorFault.ServiceUnavailable);

        using (var failed = await h.AuthorizeAsync(Harness.AuthorizeQuery()))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.NotEmpty(await h.AuthorizeForCodeAsync());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Grant_filter_and_count_pick_exactly_the_matching_requests(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 2, EmulatorFault.BadGateway, EmulatorGrant.ClientCredentials);
        Assert.Equal(2, h.Emulator.Faults.Pending);

        // Another grant passes untouched.
        await h.ExchangeAsync(online: true);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await h.PostTokenAsync(Harness.Fields(("grant_type", "client_credentials")));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK], statuses);
        Assert.Equal(0, h.Emulator.Faults.Pending);
    }

    [Fact]
    public void Fault_arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.ServerError(404));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(-1)));
        var faults = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = "a", ClientSecret = "b" }).Faults;
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext(EmulatorEndpoint.GraphQL, 0, EmulatorFault.Timeout));
        Assert.Throws<ArgumentException>(() => faults.FailNext(EmulatorEndpoint.GraphQL, 1, EmulatorFault.Timeout, EmulatorGrant.RefreshToken));
    }
}
