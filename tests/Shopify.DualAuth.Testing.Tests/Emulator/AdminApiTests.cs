using System.Net;
using System.Text;
using System.Text.Json;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class AdminApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Answers_shop_and_access_scopes_in_shopify_shape(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host, s => s.Name = "Example Store");
        var token = (await h.ExchangeAsync(online: false)).GetProperty("access_token").GetString();

        using var response = await h.GraphQLAsync(token, "query Probe { shop { name myshopifyDomain } install: currentAppInstallation { accessScopes { handle } } }");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            """{"data":{"shop":{"name":"Example Store","myshopifyDomain":"example.myshopify.com"},"install":{"accessScopes":[{"handle":"read_orders"},{"handle":"write_products"}]}}}""",
            body);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Online_tokens_read_the_installation_too(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var token = (await h.ExchangeAsync(online: true)).GetProperty("access_token").GetString();

        using var response = await h.GraphQLAsync(token, "{ shop { id } }");

        var json = await Harness.OkJsonAsync(response);
        Assert.Equal($"gid://shopify/Shop/{h.Shop.Id}", json.GetProperty("data").GetProperty("shop").GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Unknown_missing_expired_revoked_and_foreign_tokens_answer_401(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var other = h.Emulator.AddShop("other", s => s.Installed = true).Domain;
        var online = (await h.ExchangeAsync(online: true)).GetProperty("access_token").GetString()!;
        var revoked = (await h.ExchangeAsync(online: true)).GetProperty("access_token").GetString()!;
        Assert.True(h.Emulator.Tokens.Revoke(revoked));

        await AssertUnauthorizedAsync(await h.GraphQLAsync("shpat_00000000000000000000000000000000"));
        await AssertUnauthorizedAsync(await h.GraphQLAsync(null));
        await AssertUnauthorizedAsync(await h.GraphQLAsync(revoked));
        await AssertUnauthorizedAsync(await h.GraphQLAsync(online, shop: other));
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(online));
        h.Time.Advance(TimeSpan.FromSeconds(86399));
        await AssertUnauthorizedAsync(await h.GraphQLAsync(online));
        Assert.False(h.Emulator.Tokens.Describe(online)!.IsActive);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Logging_out_revokes_the_users_online_tokens_only(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var owner = (await h.ExchangeAsync(online: true)).GetProperty("access_token").GetString()!;
        var staff = (await h.ExchangeAsync(online: true, userId: Harness.StaffId)).GetProperty("access_token").GetString()!;
        var offline = (await h.ExchangeAsync(online: false)).GetProperty("access_token").GetString()!;

        Assert.Equal(1, h.Emulator.Tokens.RevokeOnlineTokens(h.Domain, Harness.StaffId));

        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(staff));
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(owner));
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(offline));
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync((await h.ExchangeAsync(online: true, userId: Harness.StaffId)).GetProperty("access_token").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Unsupported_queries_answer_graphql_errors(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var token = (await h.ExchangeAsync(online: false)).GetProperty("access_token").GetString();

        foreach (var query in new[] { "{ products { id } }", "{ shop { email } }", "{ shop }", "{ shop { name { x } } }", "mutation { x }", "{ shop(id: 1) { name } }", "{ shop { name" })
        {
            var json = await Harness.OkJsonAsync(await h.GraphQLAsync(token, query));
            Assert.False(json.TryGetProperty("data", out _), query);
            Assert.NotEmpty(json.GetProperty("errors")[0].GetProperty("message").GetString()!);
        }
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_body_without_a_query_is_a_bad_request(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var token = (await h.ExchangeAsync(online: false)).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, h.ShopUri("admin/api/2026-07/graphql.json")) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Shopify-Access-Token", token);

        using var response = await h.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_shop_host_header_routes_requests_at_the_root(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var token = (await h.ExchangeAsync(online: false)).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(h.Emulator.BaseAddress, "admin/api/unstable/graphql.json"))
        {
            Content = new StringContent("""{"query":"{ shop { myshopifyDomain } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "example.myshopify.com";
        request.Headers.Add("X-Shopify-Access-Token", token);

        var json = await Harness.OkJsonAsync(await h.Client.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("example.myshopify.com", json.GetProperty("data").GetProperty("shop").GetProperty("myshopifyDomain").GetString());
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(Harness.InvalidApiKey, json.RootElement.GetProperty("errors").GetString());
        }
    }
}
