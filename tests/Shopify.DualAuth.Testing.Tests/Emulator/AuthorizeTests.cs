using System.Net;
using System.Text;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class AuthorizeTests
{
    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Redirects_back_with_a_signed_code(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        using var response = await h.AuthorizeAsync(Harness.AuthorizeQuery(state: "abcXYZ123"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Harness.Callback.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        var query = Callbacks.Parse(location);
        Assert.Equal(["code", "hmac", "host", "shop", "state", "timestamp"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Matches("^[0-9a-f]{32}$", query["code"]);
        Assert.Equal("example.myshopify.com", query["shop"]);
        Assert.Equal("abcXYZ123", query["state"]);
        Assert.Equal(Harness.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["timestamp"]);
        Assert.Equal(Convert.ToBase64String(Encoding.ASCII.GetBytes("admin.shopify.com/store/example")).TrimEnd('='), query["host"]);
        Assert.DoesNotContain('=', query["host"]);
        Assert.Equal(Callbacks.ExpectedHmac(query), query["hmac"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Refuses_an_unknown_client_id(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        using var response = await h.AuthorizeAsync(Harness.AuthorizeQuery(clientId: "someone-else"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Refuses_a_redirect_uri_that_is_not_an_exact_match(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        foreach (var redirect in new[] { "https://app.example/auth/callback/extra", "https://app.example/auth/callback?x=1", "http://app.example/auth/callback", "https://evil.example/auth/callback" })
        {
            using var response = await h.AuthorizeAsync(Harness.AuthorizeQuery(redirect: new Uri(redirect)));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Requires_state(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        using var response = await h.AuthorizeAsync(Harness.AuthorizeQuery(state: string.Empty));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_declining_merchant_sends_access_denied_without_a_code(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host, s => s.DeclinesAuthorization = true);

        using var response = await h.AuthorizeAsync(Harness.AuthorizeQuery());

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = Callbacks.Parse(response.Headers.Location!);
        Assert.Equal("access_denied", query["error"]);
        Assert.False(query.ContainsKey("code"));
        Assert.Equal("nonce123", query["state"]);
        Assert.Equal(Callbacks.ExpectedHmac(query), query["hmac"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Install_fails_when_the_installing_user_lacks_a_required_scope(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host, s => s.Installed = false);
        h.Emulator.SignIn(h.Domain, Harness.StaffId);

        using (var refused = await h.AuthorizeAsync(Harness.AuthorizeQuery()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
        }

        Assert.False(h.Shop.Installed);

        // The owner holds every scope and can install.
        h.Shop.SignIn(Harness.OwnerId);
        Assert.NotEmpty(await h.AuthorizeForCodeAsync());
        Assert.True(h.Shop.Installed);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Authorize_on_an_uninstalled_shop_installs_with_the_requested_scopes(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host, s => s.Installed = false);

        var token = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", await h.AuthorizeForCodeAsync(scope: "read_customers,write_orders")))));

        Assert.True(h.Shop.Installed);
        Assert.Equal("read_customers,write_orders", token.GetProperty("scope").GetString());
        Assert.Equal(ScopeSet.Parse("write_orders,read_customers"), h.Shop.GrantedScopes);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Per_user_authorize_acts_for_the_signed_in_user(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        h.Emulator.SignIn(h.Domain, Harness.StaffId);

        var token = await h.CodeTokenAsync(online: true);

        var user = token.GetProperty("associated_user");
        Assert.Equal(Harness.StaffId, user.GetProperty("id").GetInt64());
        Assert.Equal("read_products", token.GetProperty("associated_user_scope").GetString());
    }
}
