using System.Net;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>No exception message, exception text, log line or ToString() ever carries a secret, code, token or session token.</summary>
public class SecretHygieneTests
{
    private static readonly string[] Secrets =
    [
        OAuthHarness.ClientSecret,
        OAuthHarness.Code,
        OAuthHarness.RefreshToken,
        OAuthHarness.LegacyToken,
        OAuthHarness.SessionJwt,
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
        ShopifyResponses.ExpiringAccessToken,
        ShopifyResponses.RotatedRefreshToken,
        ShopifyResponses.OnlineAccessToken,
        "f85632530bf277ec9ac6f649fc327f17",
    ];

    public static TheoryData<string, string> Failures()
    {
        var data = new TheoryData<string, string>();
        foreach (var grant in new[] { "CodeExchange", "OfflineTokenExchange", "OnlineTokenExchange", "Refresh", "Migration", "ClientCredentials" })
        {
            data.Add(grant, "echoing-400");
            data.Add(grant, "echoing-401");
            data.Add(grant, "echoing-500");
            data.Add(grant, "reset");
            data.Add(grant, "malformed-200");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failures_never_reveal_what_was_sent_or_received(string grant, string failure)
    {
        var logs = new CapturingLoggerProvider();
        using var harness = OAuthHarness.Create(logs: logs);

        harness.Handler.Always(failure switch
        {
            "echoing-400" => (request, _) => Echo(request, HttpStatusCode.BadRequest),
            "echoing-401" => (request, _) => Echo(request, HttpStatusCode.Unauthorized),
            "echoing-500" => (request, _) => Echo(request, HttpStatusCode.InternalServerError),
            "reset" => RecordingHandler.Reset,
            _ => (_, _) => Task.FromResult(RecordingHandler.Json(HttpStatusCode.OK, $$"""{"access_token":"{{ShopifyResponses.ExpiringAccessToken}}","refresh_token":"{{ShopifyResponses.RotatedRefreshToken}}","scope":42}""")),
        });

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => TokenRequestTests.Run(harness.Client, grant, TestContext.Current.CancellationToken));

        Assert.Contains(OAuthHarness.Shop.Value, exception.Message, StringComparison.Ordinal);
        AssertClean(exception.ToString());
        AssertClean(exception.ErrorDescription);
        AssertClean(exception.Error);
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, AssertClean);
    }

    [Fact]
    public async Task A_description_that_echoes_the_request_keeps_its_harmless_text()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(400, $$"""{"error":"invalid_request","error_description":"The code {{OAuthHarness.Code}} was already used"}""");

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeCodeAsync(OAuthHarness.Shop, OAuthHarness.Code, TestContext.Current.CancellationToken));

        Assert.Equal("The code *** was already used", exception.ErrorDescription);
        Assert.Equal("invalid_request", exception.Error);
    }

    [Fact]
    public async Task Successful_calls_log_nothing_secret()
    {
        var logs = new CapturingLoggerProvider();
        using var harness = OAuthHarness.Create(logs: logs);
        harness.Handler.Then(503, string.Empty).Then(200, ShopifyResponses.ExpiringOffline).Then(200, ShopifyResponses.Online);

        var offline = await harness.Client.ExchangeSessionTokenForOfflineAsync(OAuthHarness.SessionToken(), TestContext.Current.CancellationToken);
        var online = await harness.Client.ExchangeSessionTokenForOnlineAsync(OAuthHarness.SessionToken(), TestContext.Current.CancellationToken);

        Assert.Contains(logs.Lines, line => line.Contains("OAuthRequestRetrying", StringComparison.Ordinal));
        Assert.All(logs.Lines, AssertClean);
        AssertClean(offline.ToString());
        AssertClean(online.ToString());
        AssertClean(new AuthorizationCodeGrant(offline).ToString());
        AssertClean(new AuthorizationCodeGrant(online).ToString());
    }

    [Fact]
    public void A_client_credentials_token_prints_only_its_prefix()
    {
        var token = new ClientCredentialsToken(OAuthHarness.Shop, "shpat_credentials0123456789abcdef0", ScopeSet.Parse("read_products"), OAuthHarness.Start);

        Assert.Equal(
            "ClientCredentialsToken { Shop = example-shop.myshopify.com, AccessToken = shpat_***, Scopes = read_products, ExpiresAt = 2026-09-01T12:00:00.0000000+00:00 }",
            token.ToString());
    }

    [Theory]
    [InlineData("invalid_request", "invalid_request")]
    [InlineData("invalid request", null)]
    [InlineData("<script>", null)]
    [InlineData("", null)]
    [InlineData("shpat_abc123", null)]
    [InlineData("error_" + OAuthHarness.Code, null)]
    public void Error_codes_are_kept_only_when_they_look_like_error_codes(string error, string? expected)
        => Assert.Equal(expected, OAuthErrorText.SanitizeError(error, [OAuthHarness.Code]));

    [Fact]
    public void Descriptions_lose_control_characters_and_are_shortened()
    {
        var description = OAuthErrorText.SanitizeDescription("line one\r\nline two\u0000" + new string('x', 1000), []);

        Assert.NotNull(description);
        Assert.StartsWith("line one  line two ", description, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', description);
        Assert.True(description.Length <= OAuthErrorText.MaxDescriptionLength + 1);
    }

    /// <summary>A hostile or buggy endpoint that echoes every value it was sent in its error fields.</summary>
    private static async Task<HttpResponseMessage> Echo(HttpRequestMessage request, HttpStatusCode status)
    {
        var form = await request.Content!.ReadAsStringAsync();
        var values = form.Split('&').Select(pair => Uri.UnescapeDataString(pair.Split('=')[1])).ToArray();
        var description = $"Bad request for {string.Join(' ', values)} shpat_someOtherToken123 eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.";
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["error"] = OAuthHarness.ClientSecret,
            ["error_description"] = description,
        });
        return RecordingHandler.Json(status, body);
    }

    private static void AssertClean(string? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("shpat_someOtherToken123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJhbGciOiJub25lIn0", text, StringComparison.Ordinal);
    }
}
