using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>Every answer shape of protocol §2.1, and the answers that must not be stored.</summary>
public class TokenResponseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_non_expiring_offline_answer_becomes_a_legacy_token_when_none_was_asked_for()
    {
        using var harness = OAuthHarness.Create(app => app.ExpiringOfflineTokens = false);
        harness.Handler.Then(200, ShopifyResponses.NonExpiringOffline);

        var grant = await harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct);

        Assert.False(grant.IsOnline);
        Assert.Equal(AccessMode.Offline, grant.AccessMode);
        var token = grant.Offline;
        Assert.Equal(OAuthHarness.Shop, token.Shop);
        Assert.Equal("f85632530bf277ec9ac6f649fc327f17", token.AccessToken);
        Assert.Equal(ScopeSet.Parse("write_orders,read_customers"), token.Scopes);
        Assert.False(token.IsExpiring);
        Assert.Null(token.RefreshToken);
        Assert.Null(token.RefreshTokenExpiresAt);
    }

    [Fact]
    public async Task An_expiring_offline_answer_gets_absolute_expiries_counted_from_the_send_time()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(async (_, _) =>
        {
            // Shopify answers a while after the request left: the stored expiry must not move with it.
            harness.FakeTime.Advance(TimeSpan.FromSeconds(5));
            await Task.Yield();
            return RecordingHandler.Json(System.Net.HttpStatusCode.OK, ShopifyResponses.ExpiringOffline);
        });

        var grant = await harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct);

        var token = grant.Offline!;
        Assert.True(token.IsExpiring);
        Assert.Equal(ShopifyResponses.ExpiringAccessToken, token.AccessToken);
        Assert.Equal(ShopifyResponses.RotatedRefreshToken, token.RefreshToken);
        Assert.Equal(OAuthHarness.Start.AddSeconds(3600), token.ExpiresAt);
        Assert.Equal(OAuthHarness.Start.AddSeconds(7776000), token.RefreshTokenExpiresAt);
    }

    [Fact]
    public async Task An_answer_with_associated_user_is_an_online_token_with_a_64_bit_user_id()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, ShopifyResponses.Online);

        var grant = await harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct);

        Assert.True(grant.IsOnline);
        Assert.Equal(AccessMode.Online, grant.AccessMode);
        Assert.Null(grant.Offline);
        var token = grant.Online;
        Assert.Equal(ShopifyResponses.OnlineAccessToken, token.AccessToken);
        Assert.Equal(OAuthHarness.Start.AddSeconds(86399), token.ExpiresAt);
        Assert.Equal(ScopeSet.Parse("write_orders,read_customers"), token.Scopes);
        Assert.Equal(ScopeSet.Parse("write_orders"), token.UserScopes);
        Assert.Equal(new ShopifyUser(40620294219, "John", "Smith", "john@example.com", EmailVerified: true, AccountOwner: true, "en", Collaborator: false), token.User);
        Assert.True(token.User.Id > int.MaxValue);
        Assert.Equal(grant.Shop, token.Shop);
        Assert.Equal(grant.Scopes, token.Scopes);
    }

    [Fact]
    public async Task Online_token_exchange_returns_the_session_token_users_token()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, ShopifyResponses.Online);

        var token = await harness.Client.ExchangeSessionTokenForOnlineAsync(OAuthHarness.SessionToken(), Ct);

        Assert.Equal(OAuthHarness.UserId, token.User.Id);
        Assert.Equal(OAuthHarness.Shop, token.Shop);
        Assert.Equal(OAuthHarness.Start.AddSeconds(86399), token.ExpiresAt);
    }

    [Fact]
    public async Task Client_credentials_answer_expires_in_a_day()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, ShopifyResponses.ClientCredentials);

        var token = await harness.Client.RequestClientCredentialsAsync(OAuthHarness.Shop, Ct);

        Assert.Equal("shpat_credentials0123456789abcdef0", token.AccessToken);
        Assert.Equal(ScopeSet.Parse("read_products"), token.Scopes);
        Assert.Equal(OAuthHarness.Start.AddSeconds(86399), token.ExpiresAt);
        Assert.True(token.IsValidFor(OAuthHarness.Start, TimeSpan.FromHours(23)));
        Assert.False(token.IsValidFor(OAuthHarness.Start, TimeSpan.FromHours(24)));
    }

    [Theory]
    [InlineData("Refresh")]
    [InlineData("Migration")]
    [InlineData("OfflineTokenExchange")]
    [InlineData("CodeExchange")]
    public async Task Expiring_grants_return_the_rotated_pair(string grant)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, ShopifyResponses.ExpiringOffline);

        var token = await RunOffline(harness.Client, grant);

        Assert.Equal(ShopifyResponses.ExpiringAccessToken, token.AccessToken);
        Assert.Equal(ShopifyResponses.RotatedRefreshToken, token.RefreshToken);
        Assert.Equal(OAuthHarness.Start.AddHours(1), token.ExpiresAt);
        Assert.Equal(OAuthHarness.Start.AddDays(90), token.RefreshTokenExpiresAt);
    }

    [Fact]
    public async Task Unknown_fields_and_nulls_for_optional_fields_are_ignored()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, """
            {"access_token":"shpua_x","scope":"read_orders","expires_in":"86399","session":"abc","new_field":{"nested":[1,2,3]},
             "refresh_token":null,"associated_user_scope":"read_orders",
             "associated_user":{"id":"9007199254740993","email":"a@b.c","unknown":true,"first_name":null}}
            """);

        var token = await harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct);

        // 2^53 + 1: a double would round it, a 64-bit integer does not.
        Assert.Equal(9007199254740993, token.Online!.User.Id);
        Assert.Equal(string.Empty, token.Online.User.FirstName);
        Assert.False(token.Online.User.EmailVerified);
        Assert.Equal(OAuthHarness.Start.AddSeconds(86399), token.Online.ExpiresAt);
    }

    public static TheoryData<string, string, string> IncompleteExpiringAnswers => new()
    {
        // One missing expires_in stored "expires = null" and the shop was never refreshed again (§12 item 9).
        { "Refresh", """{"access_token":"shpat_a","scope":"read_orders","refresh_token":"shprt_b","refresh_token_expires_in":7776000}""", "no expires_in" },
        { "Refresh", """{"access_token":"shpat_a","scope":"read_orders","expires_in":3600,"refresh_token":"shprt_b"}""", "no refresh_token_expires_in" },
        { "Refresh", """{"access_token":"shpat_a","scope":"read_orders","expires_in":3600,"refresh_token_expires_in":7776000}""", "no refresh_token" },
        { "Refresh", ShopifyResponses.NonExpiringOffline, "none of expires_in" },
        { "Migration", """{"access_token":"shpat_a","scope":"read_orders","refresh_token":"shprt_b","refresh_token_expires_in":7776000}""", "no expires_in" },
        { "Migration", ShopifyResponses.NonExpiringOffline, "none of expires_in" },
        { "OfflineTokenExchange", """{"access_token":"shpat_a","scope":"read_orders","expires_in":3600,"refresh_token":"shprt_b"}""", "no refresh_token_expires_in" },
        { "OfflineTokenExchange", ShopifyResponses.NonExpiringOffline, "none of expires_in" },
        { "CodeExchange", """{"access_token":"shpat_a","scope":"read_orders","expires_in":3600}""", "no refresh_token" },
        { "CodeExchange", ShopifyResponses.NonExpiringOffline, "none of expires_in" },
    };

    [Theory]
    [MemberData(nameof(IncompleteExpiringAnswers))]
    public async Task An_expiring_answer_missing_a_lifetime_or_the_refresh_token_is_reported_not_stored(string grant, string answer, string reason)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, answer);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => RunOffline(harness.Client, grant));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
        Assert.Equal(200, exception.StatusCode);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task Partial_expiry_fields_are_refused_even_when_no_expiring_token_was_asked_for()
    {
        using var harness = OAuthHarness.Create(app => app.ExpiringOfflineTokens = false);
        harness.Handler.Then(200, """{"access_token":"shpat_a","scope":"read_orders","expires_in":3600}""");

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
    }

    [Fact]
    public async Task An_online_token_is_not_accepted_where_an_offline_token_was_asked_for()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, ShopifyResponses.Online);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeSessionTokenForOfflineAsync(OAuthHarness.SessionToken(), Ct));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
        Assert.Contains("associated_user", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ShopifyResponses.ExpiringOffline, "no associated_user")]
    [InlineData("""{"access_token":"shpua_a","scope":"read_orders","associated_user_scope":"read_orders","associated_user":{"id":40620294219}}""", "no expires_in")]
    [InlineData("""{"access_token":"shpua_a","scope":"read_orders","expires_in":86399,"associated_user_scope":"read_orders","associated_user":{"id":1}}""", "another user")]
    [InlineData("""{"access_token":"shpua_a","scope":"read_orders","expires_in":86399,"associated_user":{"id":40620294219}}""", "associated_user_scope")]
    public async Task An_online_exchange_answer_must_be_the_session_token_users_online_token(string answer, string reason)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, answer);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeSessionTokenForOnlineAsync(OAuthHarness.SessionToken(), Ct));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"scope":"read_orders"}""", "access_token")]
    [InlineData("""{"access_token":"","scope":"read_orders"}""", "access_token")]
    [InlineData("""{"access_token":42,"scope":"read_orders"}""", "access_token")]
    [InlineData("""{"access_token":"shpat_a"}""", "scope")]
    [InlineData("""{"access_token":"shpat_a","scope":"read orders!"}""", "scope")]
    [InlineData("""{"access_token":"shpat_a","scope":"read_orders","expires_in":0,"refresh_token":"shprt_b","refresh_token_expires_in":1}""", "expires_in")]
    [InlineData("""{"access_token":"shpat_a","scope":"read_orders","expires_in":-5,"refresh_token":"shprt_b","refresh_token_expires_in":1}""", "expires_in")]
    [InlineData("""{"access_token":"shpat_a","scope":"read_orders","expires_in":3600.5,"refresh_token":"shprt_b","refresh_token_expires_in":1}""", "expires_in")]
    [InlineData("""{"access_token":"shpat_a","scope":"read_orders","expires_in":99999999999,"refresh_token":"shprt_b","refresh_token_expires_in":1}""", "expires_in")]
    [InlineData("""{"access_token":"shpat_a","scope":"read_orders","expires_in":3600,"refresh_token":7,"refresh_token_expires_in":1}""", "refresh_token")]
    [InlineData("""{"access_token":"shpat_a","scope":"read_orders","expires_in":3600,"refresh_token":"shprt_b","refresh_token_expires_in":"soon"}""", "refresh_token_expires_in")]
    [InlineData("""{"access_token":"shpat_a","access_token":"shpat_b","scope":"read_orders"}""", "not valid JSON")]
    [InlineData("""{"access_token":"shpua_a","scope":"a","expires_in":1,"associated_user_scope":"a","associated_user":{"id":92233720368547758070}}""", "associated_user.id")]
    [InlineData("""{"access_token":"shpua_a","scope":"a","expires_in":1,"associated_user_scope":"a","associated_user":{"id":-1}}""", "associated_user.id")]
    [InlineData("""{"access_token":"shpua_a","scope":"a","expires_in":1,"associated_user_scope":"a","associated_user":"john"}""", "associated_user")]
    public async Task Malformed_answers_are_unexpected_responses_that_never_echo_the_body(string answer, string reason)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(200, answer);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shpat_", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shpua_", exception.Message, StringComparison.Ordinal);
        Assert.Null(exception.InnerException);
    }

    [Fact]
    public async Task An_oversized_answer_is_refused()
    {
        using var harness = OAuthHarness.Create();
        var padding = new string('x', ShopifyOAuthClient.MaxResponseBytes);
        harness.Handler.Then(200, $$"""{"access_token":"shpat_a","scope":"read_orders","padding":"{{padding}}"}""");

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
        Assert.Contains("larger than", exception.Message, StringComparison.Ordinal);
    }

    internal static Task<OfflineToken> RunOffline(ShopifyOAuthClient client, string grant) => grant switch
    {
        "CodeExchange" => OfflineFromCode(client),
        "OfflineTokenExchange" => client.ExchangeSessionTokenForOfflineAsync(OAuthHarness.SessionToken(), Ct),
        "Refresh" => client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct),
        "Migration" => client.MigrateToExpiringAsync(OAuthHarness.Shop, OAuthHarness.LegacyToken, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(grant), grant, null),
    };

    private static async Task<OfflineToken> OfflineFromCode(ShopifyOAuthClient client)
        => (await client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, Ct)).Offline!;
}
