using System.Net;
using System.Text;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class TokenExchangeTests
{
    private const string InvalidSubject = "Token exchange cannot be performed due to an invalid subject token.";

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task One_session_token_exchanges_for_both_tokens(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var sessionToken = h.Emulator.MintSessionToken(h.Domain, Harness.StaffId);

        var offline = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", Harness.TokenExchange), ("subject_token", sessionToken), ("subject_token_type", Harness.IdTokenType), ("requested_token_type", Harness.OfflineTokenType), ("expiring", 1)), BodyFormat.Json));
        var online = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", Harness.TokenExchange), ("subject_token", sessionToken), ("subject_token_type", Harness.IdTokenType), ("requested_token_type", Harness.OnlineTokenType))));

        Assert.Equal(["access_token", "scope", "expires_in", "refresh_token", "refresh_token_expires_in"], Harness.PropertyNames(offline));
        Assert.Equal(["access_token", "scope", "expires_in", "associated_user_scope", "associated_user"], Harness.PropertyNames(online));
        Assert.Equal(Harness.StaffId, online.GetProperty("associated_user").GetProperty("id").GetInt64());
        Assert.False(online.GetProperty("associated_user").GetProperty("email_verified").GetBoolean());
        Assert.Equal("pt-BR", online.GetProperty("associated_user").GetProperty("locale").GetString());
        Assert.True(online.GetProperty("associated_user").GetProperty("collaborator").GetBoolean());

        // The staff member may only read products: write_products narrows to read_products, read_orders is dropped.
        Assert.Equal("read_orders,write_products", online.GetProperty("scope").GetString());
        Assert.Equal("read_products", online.GetProperty("associated_user_scope").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task The_requested_token_type_defaults_to_offline(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        var token = await Harness.OkJsonAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", Harness.TokenExchange), ("subject_token", h.Emulator.MintSessionToken(h.Domain, Harness.OwnerId)), ("subject_token_type", Harness.IdTokenType))));

        Assert.Equal(["access_token", "scope"], Harness.PropertyNames(token));
    }

    public static TheoryData<EmulatorHost, string> BadSubjects()
    {
        var data = new TheoryData<EmulatorHost, string>();
        foreach (var host in new[] { EmulatorHost.Kestrel, EmulatorHost.InProcess })
        {
            foreach (var kind in new[] { "wrong-secret", "wrong-audience", "other-shop", "unknown-user", "not-a-jwt", "alg-none", "access-token", "missing" })
            {
                data.Add(host, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadSubjects))]
    public async Task Invalid_subject_tokens_answer_400_invalid_subject_token(EmulatorHost host, string kind)
    {
        await using var h = await Harness.StartAsync(host);
        var other = h.Emulator.AddShop("other").Domain;
        var emulator = h.Emulator;
        var subject = kind switch
        {
            "wrong-secret" => emulator.MintSessionToken(new SessionTokenDescriptor { Shop = h.Domain, UserId = Harness.OwnerId, SigningSecret = "not-the-secret" }),
            "wrong-audience" => emulator.MintSessionToken(new SessionTokenDescriptor { Shop = h.Domain, UserId = Harness.OwnerId, Audience = "another-app" }),
            "other-shop" => emulator.MintSessionToken(other, Harness.OwnerId),
            "unknown-user" => emulator.MintSessionToken(h.Domain, 123456789),
            "not-a-jwt" => "not.a.jwt",
            "alg-none" => Unsigned(emulator.MintSessionToken(h.Domain, Harness.OwnerId)),
            "access-token" => (await h.CodeTokenAsync()).GetProperty("access_token").GetString()!,
            _ => null,
        };
        var fields = Harness.Fields(("grant_type", Harness.TokenExchange), ("subject_token_type", Harness.IdTokenType), ("requested_token_type", Harness.OfflineTokenType));
        if (subject is not null)
        {
            fields.Add(new("subject_token", subject));
        }

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(fields), HttpStatusCode.BadRequest, "invalid_subject_token", InvalidSubject);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task An_expired_or_not_yet_valid_session_token_is_rejected(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var expiring = h.Emulator.MintSessionToken(h.Domain, Harness.OwnerId);
        var future = h.Emulator.MintSessionToken(new SessionTokenDescriptor { Shop = h.Domain, UserId = Harness.OwnerId, IssuedAt = Harness.Start.AddSeconds(5) });

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Exchange(future)), HttpStatusCode.BadRequest, "invalid_subject_token");
        h.Time.Advance(TimeSpan.FromSeconds(59));
        await Harness.OkJsonAsync(await h.PostTokenAsync(Exchange(expiring)));
        await Harness.OkJsonAsync(await h.PostTokenAsync(Exchange(future)));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Exchange(expiring)), HttpStatusCode.BadRequest, "invalid_subject_token", InvalidSubject);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Exchange_on_a_shop_without_the_app_answers_app_not_installed(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host, s => s.Installed = false);

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Exchange(h.Emulator.MintSessionToken(h.Domain, Harness.OwnerId))), HttpStatusCode.BadRequest, "app_not_installed");
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_new_expiring_acquisition_retires_the_previous_chain(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var first = await h.ExchangeAsync(online: false);
        var firstAccess = first.GetProperty("access_token").GetString()!;
        var firstRefresh = first.GetProperty("refresh_token").GetString()!;

        var second = await h.ExchangeAsync(online: false);

        Assert.NotEqual(firstRefresh, second.GetProperty("refresh_token").GetString());
        Assert.False(h.Emulator.Tokens.IsRefreshTokenAlive(firstRefresh));
        await Harness.AssertOAuthErrorAsync(await h.RefreshAsync(firstRefresh), HttpStatusCode.Unauthorized, "invalid_request", "This request requires an active refresh_token");

        // The retired access token lives out its hour.
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(firstAccess));
        h.Time.Advance(TimeSpan.FromSeconds(3600));
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(firstAccess));
        await Harness.OkJsonAsync(await h.RefreshAsync(second.GetProperty("refresh_token").GetString()!));
    }

    private static List<KeyValuePair<string, object>> Exchange(string sessionToken)
        => Harness.Fields(("grant_type", Harness.TokenExchange), ("subject_token", sessionToken), ("subject_token_type", Harness.IdTokenType), ("requested_token_type", Harness.OfflineTokenType), ("expiring", "1"));

    private static string Unsigned(string jwt)
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return header + "." + jwt.Split('.')[1] + ".";
    }
}
