using System.Net;
using Polly.Timeout;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>Transient failures are retried with backoff, honouring Retry-After; everything else is not.</summary>
public class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(520)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Transient_statuses_are_retried_then_reported_as_transient(int status)
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Always(status, """{"error":"server_error"}""");

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(4, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task Connection_resets_are_retried_then_reported_as_transient_with_the_cause()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Always(RecordingHandler.Reset);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.ExchangeSessionTokenForOfflineAsync(OAuthHarness.SessionToken(), Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Null(exception.StatusCode);
        Assert.IsType<HttpRequestException>(exception.InnerException);
        Assert.Equal(4, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task Hung_attempts_time_out_and_are_retried()
    {
        using var harness = OAuthHarness.Create(retry: options => options.AttemptTimeout = TimeSpan.FromMilliseconds(50), time: TimeProvider.System);
        harness.Handler.Then(RecordingHandler.Hang).Then(RecordingHandler.Hang).Then(200, ShopifyResponses.ExpiringOffline);

        var token = await harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct);

        Assert.Equal(ShopifyResponses.RotatedRefreshToken, token.RefreshToken);
        Assert.Equal(3, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task Attempts_that_always_hang_end_as_transient_timeouts()
    {
        using var harness = OAuthHarness.Create(retry: options => options.AttemptTimeout = TimeSpan.FromMilliseconds(50), time: TimeProvider.System);
        harness.Handler.Always(RecordingHandler.Hang);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.IsType<TimeoutRejectedException>(exception.InnerException);
        Assert.Equal(4, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task The_total_timeout_bounds_the_whole_call()
    {
        using var harness = OAuthHarness.Create(
            retry: options =>
            {
                options.MaxRetryAttempts = 10;
                options.AttemptTimeout = TimeSpan.FromMilliseconds(100);
                options.TotalTimeout = TimeSpan.FromMilliseconds(250);
            },
            time: TimeProvider.System);
        harness.Handler.Always(RecordingHandler.Hang);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RequestClientCredentialsAsync(OAuthHarness.Shop, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.InRange(harness.Handler.Requests.Count, 2, 4);
    }

    [Fact]
    public async Task A_lost_refresh_answer_is_retried_with_the_same_refresh_token()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler.Then(520, "<html>Origin error</html>").Then(RecordingHandler.Reset).Then(200, ShopifyResponses.ExpiringOffline);

        var token = await harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct);

        Assert.Equal(ShopifyResponses.RotatedRefreshToken, token.RefreshToken);
        Assert.Equal(3, harness.Handler.Requests.Count);
        Assert.All(harness.Handler.Requests, request => Assert.Equal(OAuthHarness.RefreshToken, request.Field("refresh_token")));
        Assert.Single(harness.Handler.Requests.Select(request => request.Body).Distinct());
    }

    [Fact]
    public async Task A_connection_dropped_while_the_body_arrives_is_retried()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler
            .Then((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new TruncatedContent("""{"access_token":"shpat_a","sc""") }))
            .Then(200, ShopifyResponses.ExpiringOffline);

        var token = await harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct);

        Assert.Equal(ShopifyResponses.ExpiringAccessToken, token.AccessToken);
        Assert.Equal(2, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task Backoff_waits_before_retrying()
    {
        using var harness = OAuthHarness.Create(retry: options => options.BaseDelay = TimeSpan.FromSeconds(2));
        harness.Handler.Then(503, string.Empty).Then(200, ShopifyResponses.ClientCredentials);

        var call = harness.Client.RequestClientCredentialsAsync(OAuthHarness.Shop, Ct);
        await harness.Handler.WaitForRequestsAsync(1);
        await Task.Delay(100, Ct);
        Assert.Single(harness.Handler.Requests);
        Assert.False(call.IsCompleted);

        harness.FakeTime.Advance(TimeSpan.FromSeconds(30));
        await call;

        Assert.Equal(2, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_honoured()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler
            .Then(429, string.Empty, response => response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .Then(200, ShopifyResponses.ExpiringOffline);

        var call = harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct);
        await harness.Handler.WaitForRequestsAsync(1);
        harness.FakeTime.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(100, Ct);
        Assert.Single(harness.Handler.Requests);

        harness.FakeTime.Advance(TimeSpan.FromSeconds(0.1));
        var token = await call;

        Assert.Equal(2, harness.Handler.Requests.Count);

        // The expiry counts from the first send, not from the retry: never later than Shopify's.
        Assert.Equal(OAuthHarness.Start.AddHours(1), token.ExpiresAt);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured()
    {
        using var harness = OAuthHarness.Create();
        harness.Handler
            .Then(503, string.Empty, response => response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(OAuthHarness.Start.AddSeconds(20)))
            .Then(200, ShopifyResponses.ExpiringOffline);

        var call = harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct);
        await harness.Handler.WaitForRequestsAsync(1);
        harness.FakeTime.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(100, Ct);
        Assert.Single(harness.Handler.Requests);

        harness.FakeTime.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal(2, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_longest_wait_ends_the_call_and_is_reported()
    {
        using var harness = OAuthHarness.Create(retry: options => options.MaxDelay = TimeSpan.FromSeconds(30));
        harness.Handler.Always(429, string.Empty, response => response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(10)));

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Equal(429, exception.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), exception.RetryAfter);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_timeout_and_is_not_retried()
    {
        using var harness = OAuthHarness.Create(time: TimeProvider.System);
        harness.Handler.Always(RecordingHandler.Hang);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, cancellation.Token);
        await harness.Handler.WaitForRequestsAsync(1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task Retries_can_be_turned_off()
    {
        using var harness = OAuthHarness.Create(retry: options => options.MaxRetryAttempts = 0);
        harness.Handler.Always(503, string.Empty);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task Without_the_pipeline_a_client_timeout_is_still_reported_as_transient()
    {
        var handler = new RecordingHandler().Always(RecordingHandler.Hang);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(50) };
        var client = new ShopifyOAuthClient(
            http,
            new MutableOptionsMonitor(new ShopifyAppOptions { ClientId = OAuthHarness.ClientId, ClientSecret = OAuthHarness.ClientSecret }),
            ShopifyEndpoints.Instance,
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ShopifyOAuthClient>.Instance);

        var exception = await Assert.ThrowsAsync<ShopifyOAuthException>(() => client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct));

        Assert.Equal(ShopifyOAuthErrorKind.Transient, exception.Kind);
        Assert.Single(handler.Requests);
    }

    /// <summary>A body that starts arriving and then loses its connection.</summary>
    private sealed class TruncatedContent(string start) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(start));
            throw new IOException("Connection reset by peer");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
