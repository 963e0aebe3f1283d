using System.Net;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class ClientCredentialsTests
{
    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Client_credentials_yield_a_24_hour_token_without_refresh(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        var token = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", "client_credentials"))));

        Assert.Equal(["access_token", "scope", "expires_in"], Harness.PropertyNames(token));
        Assert.Equal(86399, token.GetProperty("expires_in").GetInt32());
        var access = token.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(access));
        h.Time.Advance(TimeSpan.FromSeconds(86399));
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(access));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Client_credentials_need_an_installed_own_shop(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host, s => s.Installed = false);

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", "client_credentials"))), HttpStatusCode.BadRequest, "app_not_installed");
        h.Shop.Installed = true;
        h.Shop.AllowsClientCredentials = false;
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", "client_credentials"))), HttpStatusCode.BadRequest, "shop_not_permitted");
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync([new("grant_type", "client_credentials"), new("client_id", Harness.ClientId), new("client_secret", "nope")]), HttpStatusCode.Unauthorized, "invalid_client");
    }
}
