using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class RecordingTests
{
    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Every_request_is_logged_with_its_outcome(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.ServiceUnavailable);
        (await h.PostTokenAsync(Harness.Fields(("code", code), ("expiring", "1"))))?.Dispose();
        var token = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code), ("expiring", "1"))));
        (await h.PostTokenAsync(Harness.Fields(("code", code))))?.Dispose();
        (await h.GraphQLAsync(token.GetProperty("access_token").GetString()))?.Dispose();

        var log = h.Emulator.Requests;

        Assert.Equal(5, log.Count);
        Assert.Equal(("GET", "/shops/example.myshopify.com/admin/oauth/authorize", EmulatorEndpoint.Authorize, 302), (log[0].Method, log[0].Path, log[0].Endpoint!.Value, log[0].StatusCode!.Value));
        Assert.Equal(Harness.Start, log[0].Time);
        Assert.Equal(Harness.Start.AddSeconds(5), log[1].Time);
        Assert.Equal((EmulatorGrant.AuthorizationCode, 503, EmulatorFaultKind.ErrorStatus), (log[1].Grant!.Value, log[1].StatusCode!.Value, log[1].Fault!.Value));
        Assert.Equal((200, (string?)null, (EmulatorFaultKind?)null), (log[2].StatusCode!.Value, log[2].Error, log[2].Fault));
        Assert.Equal((400, "invalid_request"), (log[3].StatusCode!.Value, log[3].Error));
        Assert.Equal((EmulatorEndpoint.GraphQL, 200), (log[4].Endpoint!.Value, log[4].StatusCode!.Value));
        Assert.All(log, r => Assert.Equal(h.Domain, r.Shop));
        Assert.All(log, r => Assert.DoesNotContain("?", r.Path, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Counters_count_calls_and_successes_per_grant_and_shop(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var other = h.Emulator.AddShop("other", s => s.Installed = true).Domain;
        var pair = await h.ExchangeAsync(online: false);
        await h.ExchangeAsync(online: true);
        h.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.ConnectionReset, EmulatorGrant.RefreshToken);
        await Assert.ThrowsAsync<HttpRequestException>(() => h.RefreshAsync(pair.GetProperty("refresh_token").GetString()!));
        await Harness.OkJsonAsync(await h.RefreshAsync(pair.GetProperty("refresh_token").GetString()!));
        var otherClient = new Uri(h.Emulator.Endpoints.GetShopBaseAddress(other), "admin/oauth/access_token");
        using var content = new FormUrlEncodedContent([new("client_id", Harness.ClientId), new("client_secret", Harness.ClientSecret), new("grant_type", "client_credentials")]);
        (await h.Client.PostAsync(otherClient, content, TestContext.Current.CancellationToken)).Dispose();

        var counters = h.Emulator.Counters;

        Assert.Equal(1, counters.Calls(EmulatorGrant.TokenExchangeOffline, h.Domain));
        Assert.Equal(1, counters.Calls(EmulatorGrant.TokenExchangeOnline, h.Domain));
        Assert.Equal(2, counters.Calls(EmulatorGrant.RefreshToken, h.Domain));
        Assert.Equal(1, counters.Succeeded(EmulatorGrant.RefreshToken, h.Domain));
        Assert.Equal(0, counters.Calls(EmulatorGrant.ClientCredentials, h.Domain));
        Assert.Equal(1, counters.Calls(EmulatorGrant.ClientCredentials, other));
        Assert.Equal(1, counters.Calls(EmulatorGrant.ClientCredentials));
        Assert.Equal(5, counters.EndpointCalls(EmulatorEndpoint.AccessToken));
        Assert.Equal(4, counters.EndpointCalls(EmulatorEndpoint.AccessToken, h.Domain));

        h.Emulator.ClearRequests();
        Assert.Empty(h.Emulator.Requests);
        Assert.Equal(0, counters.EndpointCalls(EmulatorEndpoint.AccessToken));
    }
}
