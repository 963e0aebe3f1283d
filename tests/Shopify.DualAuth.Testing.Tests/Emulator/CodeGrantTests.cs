using System.Net;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class CodeGrantTests
{
    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task An_offline_code_yields_a_non_expiring_token(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        var token = await h.CodeTokenAsync();

        Assert.Equal(["access_token", "scope"], Harness.PropertyNames(token));
        Assert.Matches("^shpat_[0-9a-f]{32}$", token.GetProperty("access_token").GetString());
        Assert.Equal("read_orders,write_products", token.GetProperty("scope").GetString());
        Assert.Equal(EmulatedTokenKind.OfflineNonExpiring, h.Emulator.Tokens.Describe(token.GetProperty("access_token").GetString()!)!.Kind);
    }

    public static TheoryData<EmulatorHost, BodyFormat, object> ExpiringForms()
    {
        var data = new TheoryData<EmulatorHost, BodyFormat, object>();
        foreach (var host in new[] { EmulatorHost.Kestrel, EmulatorHost.InProcess })
        {
            data.Add(host, BodyFormat.Form, "1");
            data.Add(host, BodyFormat.Json, "1");
            data.Add(host, BodyFormat.Json, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpiringForms))]
    public async Task Expiring_1_in_a_form_or_json_body_yields_an_expiring_pair(EmulatorHost host, BodyFormat format, object expiring)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();

        var token = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code), ("expiring", expiring)), format));

        Assert.Equal(["access_token", "scope", "expires_in", "refresh_token", "refresh_token_expires_in"], Harness.PropertyNames(token));
        Assert.Matches("^shpat_[0-9a-f]{32}$", token.GetProperty("access_token").GetString());
        Assert.Matches("^shprt_[0-9a-f]{32}$", token.GetProperty("refresh_token").GetString());
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(7776000, token.GetProperty("refresh_token_expires_in").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_code_works_once(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();
        await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code)), BodyFormat.Json));

        await Harness.AssertOAuthErrorAsync(
            await h.PostTokenAsync(Harness.Fields(("code", code))),
            HttpStatusCode.BadRequest,
            "invalid_request",
            "The authorization code was not found or was already used");
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("code", "0123456789abcdef0123456789abcdef"))), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Bad_client_credentials_answer_401_invalid_client_and_keep_the_code(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();

        await Harness.AssertOAuthErrorAsync(
            await h.PostTokenAsync([new("client_id", Harness.ClientId), new("client_secret", "wrong"), new("code", code)]),
            HttpStatusCode.Unauthorized,
            "invalid_client");
        await Harness.AssertOAuthErrorAsync(
            await h.PostTokenAsync([new("client_id", "other-app"), new("client_secret", Harness.ClientSecret), new("code", code)], BodyFormat.Json),
            HttpStatusCode.Unauthorized,
            "invalid_client");
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync([new("code", code)]), HttpStatusCode.Unauthorized, "invalid_client");

        await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code))));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task An_online_code_yields_the_user_and_ignores_expiring(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        var token = await h.CodeTokenAsync(online: true, expiring: true);

        Assert.Equal(["access_token", "scope", "expires_in", "associated_user_scope", "associated_user"], Harness.PropertyNames(token));
        Assert.Matches("^shpua_[0-9a-f]{32}$", token.GetProperty("access_token").GetString());
        Assert.Equal(86399, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("read_orders,write_products", token.GetProperty("associated_user_scope").GetString());
        var user = token.GetProperty("associated_user");
        Assert.Equal(["id", "first_name", "last_name", "email", "email_verified", "account_owner", "locale", "collaborator"], Harness.PropertyNames(user));
        Assert.Equal(Harness.OwnerId, user.GetProperty("id").GetInt64());
        Assert.True(user.GetProperty("id").GetInt64() > int.MaxValue);
        Assert.Equal("Olive", user.GetProperty("first_name").GetString());
        Assert.Equal("Owner", user.GetProperty("last_name").GetString());
        Assert.Equal("olive@example.com", user.GetProperty("email").GetString());
        Assert.True(user.GetProperty("email_verified").GetBoolean());
        Assert.True(user.GetProperty("account_owner").GetBoolean());
        Assert.Equal("en", user.GetProperty("locale").GetString());
        Assert.False(user.GetProperty("collaborator").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Non_expiring_reacquisition_returns_the_same_token(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        var first = await h.CodeTokenAsync();
        var second = await h.CodeTokenAsync();
        var exchanged = await h.ExchangeAsync(online: false, expiring: false);

        Assert.Equal(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());
        Assert.Equal(first.GetProperty("access_token").GetString(), exchanged.GetProperty("access_token").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_code_only_works_at_its_own_shop(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var other = h.Emulator.AddShop("other", s => s.Installed = true);
        var code = await h.AuthorizeForCodeAsync();

        var fields = new FormUrlEncodedContent(Harness.Fields(("code", code)).Select(f => new KeyValuePair<string, string>(f.Key, (string)f.Value)));
        using var response = await h.Client.PostAsync(new Uri(h.Emulator.Endpoints.GetShopBaseAddress(other.Domain), "admin/oauth/access_token"), fields, TestContext.Current.CancellationToken);

        await Harness.AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("code", code))));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Unknown_grant_types_and_missing_codes_are_rejected(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", "password"))), HttpStatusCode.BadRequest, "unsupported_grant_type");
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields()), HttpStatusCode.BadRequest, "invalid_request");
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", Harness.TokenExchange), ("subject_token", "x"))), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_malformed_json_body_is_a_bad_request(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        using var content = new StringContent("{\"client_id\":", System.Text.Encoding.UTF8, "application/json");
        using var response = await h.Client.PostAsync(h.ShopUri("admin/oauth/access_token"), content, TestContext.Current.CancellationToken);

        await Harness.AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }
}
