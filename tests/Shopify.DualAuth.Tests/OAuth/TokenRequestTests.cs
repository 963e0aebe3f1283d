using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>
/// What each grant puts on the wire, field for field and in the order of the protocol tables
/// (§1.7, §3.4, §3.6, §4.1, §9.4), recorded as snapshots under <c>__snapshots__</c>.
/// </summary>
public class TokenRequestTests
{
    public static TheoryData<string, bool, string[]> Grants => new()
    {
        { "CodeExchange", true, ["client_id", "client_secret", "code", "expiring"] },
        { "CodeExchange", false, ["client_id", "client_secret", "code"] },
        { "OfflineTokenExchange", true, ["client_id", "client_secret", "grant_type", "subject_token", "subject_token_type", "requested_token_type", "expiring"] },
        { "OfflineTokenExchange", false, ["client_id", "client_secret", "grant_type", "subject_token", "subject_token_type", "requested_token_type"] },
        { "OnlineTokenExchange", true, ["client_id", "client_secret", "grant_type", "subject_token", "subject_token_type", "requested_token_type"] },
        { "Refresh", true, ["client_id", "client_secret", "grant_type", "refresh_token"] },
        { "Migration", true, ["client_id", "client_secret", "grant_type", "subject_token", "subject_token_type", "requested_token_type", "expiring"] },
        { "ClientCredentials", true, ["grant_type", "client_id", "client_secret"] },
    };

    [Theory]
    [MemberData(nameof(Grants))]
    public async Task Each_grant_posts_a_form_with_the_protocol_fields_in_order(string grant, bool expiringOfflineTokens, string[] fieldOrder)
    {
        using var harness = OAuthHarness.Create(app => app.ExpiringOfflineTokens = expiringOfflineTokens);
        harness.Handler.Then(200, AnswerFor(grant, expiringOfflineTokens));

        await Run(harness.Client, grant, TestContext.Current.CancellationToken);

        var request = Assert.Single(harness.Handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://example-shop.myshopify.com/admin/oauth/access_token", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.Accept);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(fieldOrder, request.Fields.Select(field => field.Key));
        OAuthSnapshots.Match(
            new
            {
                request.Method,
                Url = request.Uri.AbsoluteUri,
                request.Accept,
                request.ContentType,
                request.Body,
                Fields = request.Fields.Select(field => $"{field.Key}={field.Value}").ToArray(),
            },
            $"TokenRequest.{grant}.{(expiringOfflineTokens ? "ExpiringOn" : "ExpiringOff")}");
    }

    [Fact]
    public async Task Token_exchange_names_the_session_token_and_the_requested_kind()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, ShopifyResponses.ExpiringOffline).Then(200, ShopifyResponses.Online);
        var sessionToken = OAuthHarness.SessionToken();

        await harness.Client.ExchangeSessionTokenForOfflineAsync(sessionToken, TestContext.Current.CancellationToken);
        await harness.Client.ExchangeSessionTokenForOnlineAsync(sessionToken, TestContext.Current.CancellationToken);

        var (offline, online) = (harness.Handler.Requests[0], harness.Handler.Requests[1]);
        Assert.All([offline, online], request =>
        {
            Assert.Equal("urn:ietf:params:oauth:grant-type:token-exchange", request.Field("grant_type"));
            Assert.Equal(OAuthHarness.SessionJwt, request.Field("subject_token"));
            Assert.Equal("urn:ietf:params:oauth:token-type:id_token", request.Field("subject_token_type"));
            Assert.Equal(OAuthHarness.ClientSecret, request.Field("client_secret"));
        });
        Assert.Equal("urn:shopify:params:oauth:token-type:offline-access-token", offline.Field("requested_token_type"));
        Assert.Equal("1", offline.Field("expiring"));
        Assert.Equal("urn:shopify:params:oauth:token-type:online-access-token", online.Field("requested_token_type"));
        Assert.Null(online.Field("expiring"));
    }

    [Fact]
    public async Task Migration_sends_the_legacy_token_as_an_offline_access_token_subject_and_always_asks_for_expiring()
    {
        using var harness = OAuthHarness.Create(app => app.ExpiringOfflineTokens = false);
        harness.Handler.Then(200, ShopifyResponses.ExpiringOffline);

        await harness.Client.MigrateToExpiringAsync(OAuthHarness.Shop, OAuthHarness.LegacyToken, TestContext.Current.CancellationToken);

        var request = Assert.Single(harness.Handler.Requests);
        Assert.Equal(OAuthHarness.LegacyToken, request.Field("subject_token"));
        Assert.Equal("urn:shopify:params:oauth:token-type:offline-access-token", request.Field("subject_token_type"));
        Assert.Equal("urn:shopify:params:oauth:token-type:offline-access-token", request.Field("requested_token_type"));
        Assert.Equal("1", request.Field("expiring"));
    }

    [Fact]
    public async Task The_current_client_secret_is_read_on_every_call()
    {
        var options = new ShopifyAppOptions { ClientId = OAuthHarness.ClientId, ClientSecret = "first-secret" };
        var monitor = new MutableOptionsMonitor(options);
        var handler = new RecordingHandler().Always(200, ShopifyResponses.ClientCredentials);
        var client = new ShopifyOAuthClient(
            new HttpClient(handler),
            monitor,
            ShopifyEndpoints.Instance,
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ShopifyOAuthClient>.Instance);

        await client.RequestClientCredentialsAsync(OAuthHarness.Shop, TestContext.Current.CancellationToken);
        monitor.CurrentValue = new ShopifyAppOptions { ClientId = OAuthHarness.ClientId, ClientSecret = "rotated-secret", PreviousClientSecrets = { "first-secret" } };
        await client.RequestClientCredentialsAsync(OAuthHarness.Shop, TestContext.Current.CancellationToken);

        Assert.Equal(["first-secret", "rotated-secret"], handler.Requests.Select(request => request.Field("client_secret")));
    }

    internal static string AnswerFor(string grant, bool expiring) => grant switch
    {
        "OnlineTokenExchange" => ShopifyResponses.Online,
        "ClientCredentials" => ShopifyResponses.ClientCredentials,
        "CodeExchange" or "OfflineTokenExchange" when !expiring => ShopifyResponses.NonExpiringOffline,
        _ => ShopifyResponses.ExpiringOffline,
    };

    internal static Task Run(ShopifyOAuthClient client, string grant, CancellationToken cancellationToken) => grant switch
    {
        "CodeExchange" => client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, cancellationToken),
        "OfflineTokenExchange" => client.ExchangeSessionTokenForOfflineAsync(OAuthHarness.SessionToken(), cancellationToken),
        "OnlineTokenExchange" => client.ExchangeSessionTokenForOnlineAsync(OAuthHarness.SessionToken(), cancellationToken),
        "Refresh" => client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, cancellationToken),
        "Migration" => client.MigrateToExpiringAsync(OAuthHarness.Shop, OAuthHarness.LegacyToken, cancellationToken),
        "ClientCredentials" => client.RequestClientCredentialsAsync(OAuthHarness.Shop, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(grant), grant, null),
    };
}
