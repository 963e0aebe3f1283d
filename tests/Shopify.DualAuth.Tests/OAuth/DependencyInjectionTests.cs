using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

public class DependencyInjectionTests
{
    [Fact]
    public void The_registered_client_never_follows_redirects_nor_keeps_cookies_and_leaves_timeouts_to_the_pipeline()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(options =>
        {
            options.ClientId = OAuthHarness.ClientId;
            options.ClientSecret = OAuthHarness.ClientSecret;
        });
        using var provider = services.BuildServiceProvider();

        HttpMessageHandler? handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(nameof(ShopifyOAuthClient));
        var chain = new List<HttpMessageHandler>();
        while (handler is not null)
        {
            chain.Add(handler);
            handler = (handler as DelegatingHandler)?.InnerHandler;
        }

        var primary = Assert.IsType<SocketsHttpHandler>(chain[^1]);
        Assert.False(primary.AllowAutoRedirect);
        Assert.False(primary.UseCookies);
        Assert.Contains(chain, h => h.GetType().Name == "ResilienceHandler");
        Assert.Contains(chain, h => h is ResponseBufferingHandler);
        Assert.True(
            chain.FindIndex(h => h.GetType().Name == "ResilienceHandler") < chain.FindIndex(h => h is ResponseBufferingHandler),
            "The body must be read inside each attempt.");

        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ShopifyOAuthClient));
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }

    [Fact]
    public async Task Registering_twice_does_not_stack_retries()
    {
        var handler = new RecordingHandler().Always(503, string.Empty);
        var services = new ServiceCollection();
        for (var i = 0; i < 2; i++)
        {
            services.AddShopifyDualAuth(options =>
            {
                options.ClientId = OAuthHarness.ClientId;
                options.ClientSecret = OAuthHarness.ClientSecret;
            }).ConfigureHttpRetry(options => options.BaseDelay = TimeSpan.Zero);
        }

        services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<ShopifyOAuthException>(() => provider.GetRequiredService<ShopifyOAuthClient>().RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, TestContext.Current.CancellationToken));

        Assert.Equal(4, handler.Requests.Count);
    }

    [Theory]
    [InlineData(nameof(ShopifyHttpRetryOptions.MaxRetryAttempts))]
    [InlineData(nameof(ShopifyHttpRetryOptions.BaseDelay))]
    [InlineData(nameof(ShopifyHttpRetryOptions.MaxDelay))]
    [InlineData(nameof(ShopifyHttpRetryOptions.AttemptTimeout))]
    [InlineData(nameof(ShopifyHttpRetryOptions.TotalTimeout))]
    public void Unusable_retry_options_fail_validation_naming_the_setting(string setting)
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(options => options.ClientId = OAuthHarness.ClientId).ConfigureHttpRetry(options =>
        {
            switch (setting)
            {
                case nameof(ShopifyHttpRetryOptions.MaxRetryAttempts): options.MaxRetryAttempts = 11; break;
                case nameof(ShopifyHttpRetryOptions.BaseDelay): options.BaseDelay = TimeSpan.FromSeconds(-1); break;
                case nameof(ShopifyHttpRetryOptions.MaxDelay): options.MaxDelay = TimeSpan.FromMilliseconds(500); break;
                case nameof(ShopifyHttpRetryOptions.AttemptTimeout): options.AttemptTimeout = TimeSpan.FromMilliseconds(1); break;
                default: options.TotalTimeout = TimeSpan.FromSeconds(5); break;
            }
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ShopifyHttpRetryOptions>>().Value);

        Assert.Contains($"ShopifyHttpRetryOptions.{setting}", Assert.Single(exception.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_retry_options_are_valid()
        => Assert.True(new ShopifyHttpRetryOptionsValidator().Validate(null, new ShopifyHttpRetryOptions()).Succeeded);
}
