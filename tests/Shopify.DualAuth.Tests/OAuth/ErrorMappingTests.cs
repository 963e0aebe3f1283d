using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>Each rejection Shopify is known to send (protocol §3.7, §4.2, §11) maps to the kind that tells the caller what to do, and is never retried.</summary>
public class ErrorMappingTests
{
    public static TheoryData<string, int, string, ShopifyOAuthErrorKind> Rejections => new()
    {
        // §4.2: an expired session token, or a subject that is not an admin session token.
        { "OfflineTokenExchange", 400, """{"error":"invalid_subject_token","error_description":"Token exchange cannot be performed due to an invalid subject token."}""", ShopifyOAuthErrorKind.InvalidSubjectToken },
        { "OnlineTokenExchange", 400, """{"error":"invalid_subject_token","error_description":"Token exchange cannot be performed due to an invalid subject token."}""", ShopifyOAuthErrorKind.InvalidSubjectToken },
        { "OnlineTokenExchange", 400, "", ShopifyOAuthErrorKind.InvalidSubjectToken },
        { "Migration", 400, """{"error":"invalid_subject_token","error_description":"The subject token is invalid"}""", ShopifyOAuthErrorKind.InvalidSubjectToken },

        // §11/§12 item 12: a reloaded callback reuses its code.
        { "CodeExchange", 400, """{"error":"invalid_request","error_description":"The authorization code was not found or was already used"}""", ShopifyOAuthErrorKind.CodeRejected },
        { "CodeExchange", 400, """{"error":"invalid_grant","error_description":"The code is expired"}""", ShopifyOAuthErrorKind.CodeRejected },

        // §3.7: a consumed refresh token, and the library fixtures' invalid_grant.
        { "Refresh", 401, """{"error":"invalid_request","error_description":"This request requires an active refresh_token"}""", ShopifyOAuthErrorKind.RefreshTokenRejected },
        { "Refresh", 400, """{"error":"invalid_grant","error_description":"The refresh token is invalid or expired"}""", ShopifyOAuthErrorKind.RefreshTokenRejected },

        // Bad app credentials win over everything else, whatever the operation.
        { "Refresh", 401, """{"error":"invalid_client","error_description":"Client authentication failed"}""", ShopifyOAuthErrorKind.InvalidClient },
        { "CodeExchange", 401, """{"error":"invalid_client"}""", ShopifyOAuthErrorKind.InvalidClient },
        { "OfflineTokenExchange", 401, """{"error":"invalid_client"}""", ShopifyOAuthErrorKind.InvalidClient },
        { "OfflineTokenExchange", 400, """{"error":"invalid_client"}""", ShopifyOAuthErrorKind.InvalidClient },
        { "ClientCredentials", 400, """{"error":"unauthorized_client","error_description":"The app is not allowed to use this grant"}""", ShopifyOAuthErrorKind.InvalidClient },
        { "Migration", 401, "", ShopifyOAuthErrorKind.InvalidClient },

        // Statuses the protocol does not describe are reported, not guessed at.
        { "CodeExchange", 403, """{"errors":"[API] This action requires merchant approval"}""", ShopifyOAuthErrorKind.UnexpectedResponse },
        { "Refresh", 404, "<html>Not Found</html>", ShopifyOAuthErrorKind.UnexpectedResponse },
        { "OnlineTokenExchange", 422, """{"error":"unprocessable"}""", ShopifyOAuthErrorKind.UnexpectedResponse },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Rejections_map_to_their_kind_and_are_not_retried(string grant, int status, string body, ShopifyOAuthErrorKind kind)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Always(status, body);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => TokenRequestTests.Run(harness.Client, grant, TestContext.Current.CancellationToken));

        Assert.Equal(kind, exception.Kind);
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(OAuthHarness.Shop, exception.Shop);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task Shopifys_error_and_description_are_kept()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(401, """{"error":"invalid_request","error_description":"This request requires an active refresh_token"}""");

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, TestContext.Current.CancellationToken));

        Assert.Equal(ShopifyOAuthOperation.Refresh, exception.Operation);
        Assert.Equal("invalid_request", exception.Error);
        Assert.Equal("This request requires an active refresh_token", exception.ErrorDescription);
        Assert.Equal(
            "Shopify rejected the refresh token; the shop must be authorized again (offline token refresh for example-shop.myshopify.com, HTTP 401, error 'invalid_request': This request requires an active refresh_token).",
            exception.Message);
    }

    [Fact]
    public async Task Rails_style_errors_become_the_description()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(403, """{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}""");

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RequestClientCredentialsAsync(OAuthHarness.Shop, TestContext.Current.CancellationToken));

        Assert.Null(exception.Error);
        Assert.Equal("[API] Invalid API key or access token (unrecognized login or wrong password)", exception.ErrorDescription);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_reported_and_not_followed(int status)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(status, string.Empty, response => response.Headers.Location = new Uri("https://attacker.example/steal"));

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, TestContext.Current.CancellationToken));

        Assert.Equal(ShopifyOAuthErrorKind.UnexpectedResponse, exception.Kind);
        Assert.Contains("redirect", exception.Message, StringComparison.Ordinal);
        Assert.Single(harness.Handler.Requests);
    }

    [Theory]
    [InlineData("CodeExchange", 400, null, ShopifyOAuthErrorKind.CodeRejected)]
    [InlineData("CodeExchange", 401, "invalid_grant", ShopifyOAuthErrorKind.CodeRejected)]
    [InlineData("CodeExchange", 401, null, ShopifyOAuthErrorKind.InvalidClient)]
    [InlineData("Refresh", 400, null, ShopifyOAuthErrorKind.RefreshTokenRejected)]
    [InlineData("Refresh", 403, null, ShopifyOAuthErrorKind.UnexpectedResponse)]
    [InlineData("OnlineTokenExchange", 401, "invalid_subject_token", ShopifyOAuthErrorKind.InvalidSubjectToken)]
    [InlineData("ClientCredentials", 401, null, ShopifyOAuthErrorKind.InvalidClient)]
    [InlineData("Migration", 500, "server_error", ShopifyOAuthErrorKind.Transient)]
    [InlineData("Refresh", 520, null, ShopifyOAuthErrorKind.Transient)]
    [InlineData("Refresh", 429, null, ShopifyOAuthErrorKind.Transient)]
    [InlineData("Refresh", 408, null, ShopifyOAuthErrorKind.Transient)]
    [InlineData("Refresh", 302, null, ShopifyOAuthErrorKind.UnexpectedResponse)]
    [InlineData("Refresh", 600, null, ShopifyOAuthErrorKind.UnexpectedResponse)]
    public void The_classifier_reads_operation_status_and_error_together(string grant, int status, string? error, ShopifyOAuthErrorKind kind)
    {
        var operation = grant switch
        {
            "CodeExchange" => ShopifyOAuthOperation.AuthorizationCode,
            "OnlineTokenExchange" => ShopifyOAuthOperation.OnlineTokenExchange,
            "ClientCredentials" => ShopifyOAuthOperation.ClientCredentials,
            "Migration" => ShopifyOAuthOperation.Migration,
            _ => ShopifyOAuthOperation.Refresh,
        };

        Assert.Equal(kind, OAuthErrorClassifier.Classify(operation, (System.Net.HttpStatusCode)status, error));
    }
}
