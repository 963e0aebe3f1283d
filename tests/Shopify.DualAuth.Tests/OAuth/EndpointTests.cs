using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>Every address comes from <see cref="IShopifyEndpoints"/> and a validated shop, and nothing leaves before the inputs are checked.</summary>
public class EndpointTests
{
    private static readonly ShopDomain OtherShop = OAuthHarness.ParseShop("other-shop.myshopify.com");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("CodeExchange")]
    [InlineData("OfflineTokenExchange")]
    [InlineData("OnlineTokenExchange")]
    [InlineData("Refresh")]
    [InlineData("Migration")]
    [InlineData("ClientCredentials")]
    public async Task Every_grant_posts_to_the_address_the_endpoints_give_for_the_shop(string grant)
    {
        var endpoints = new RecordingEndpoints();
        using var harness = OAuthHarness.Create(endpoints: endpoints);
        harness.Handler.Then(200, TokenRequestTests.AnswerFor(grant, expiring: true));

        await TokenRequestTests.Run(harness.Client, grant, Ct);

        Assert.Equal([OAuthHarness.Shop], endpoints.Shops);
        Assert.Equal("http://127.0.0.1:9/shops/example-shop/admin/oauth/access_token", Assert.Single(harness.Handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Token_exchange_goes_to_the_session_tokens_shop()
    {
        var endpoints = new RecordingEndpoints();
        using var harness = OAuthHarness.Create(endpoints: endpoints);
        harness.Handler.Then(200, ShopifyResponses.ExpiringOffline).Then(200, ShopifyResponses.Online);

        var offline = await harness.Client.ExchangeSessionTokenForOfflineAsync(OAuthHarness.SessionToken(OtherShop), Ct);
        var online = await harness.Client.ExchangeSessionTokenForOnlineAsync(OAuthHarness.SessionToken(OtherShop), Ct);

        Assert.Equal([OtherShop, OtherShop], endpoints.Shops);
        Assert.All(harness.Handler.Requests, request => Assert.Equal("/shops/other-shop/admin/oauth/access_token", request.Uri.AbsolutePath));
        Assert.Equal(OtherShop, offline.Shop);
        Assert.Equal(OtherShop, online.Shop);
    }

    [Fact]
    public void The_authorize_url_is_built_on_the_endpoints_address()
    {
        var endpoints = new RecordingEndpoints();
        using var harness = OAuthHarness.Create(endpoints: endpoints);

        var url = harness.Client.BuildAuthorizeUrl(OtherShop, AccessMode.Online, new Uri("https://app.example.com/cb"), "Abc123def456GHI789");

        Assert.StartsWith("http://127.0.0.1:9/shops/other-shop/admin/oauth/authorize?client_id=", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal([OtherShop], endpoints.Shops);
    }

    [Theory]
    [InlineData("https://example.com/no-trailing-slash")]
    [InlineData("http://example.com/")]
    [InlineData("https://example.com/?x=1")]
    [InlineData("https://user:secret@example.com/")]
    [InlineData("https://example.com/#x")]
    public async Task An_unusable_base_address_is_refused_before_anything_is_sent(string baseAddress)
    {
        using var harness = OAuthHarness.Create(endpoints: new FixedEndpoints(new Uri(baseAddress)));
        harness.Handler.Always(200, ShopifyResponses.ExpiringOffline);

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct));
        Assert.Throws<InvalidOperationException>(() => harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, new Uri("https://app.example.com/cb"), "Abc123def456GHI789"));
        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public async Task Loopback_http_is_accepted_for_emulators()
    {
        using var harness = OAuthHarness.Create(endpoints: new FixedEndpoints(new Uri("http://localhost:5123/")));
        harness.Handler.Then(200, ShopifyResponses.ExpiringOffline);

        await harness.Client.RefreshAsync(OAuthHarness.Shop, OAuthHarness.RefreshToken, Ct);

        Assert.Equal("http://localhost:5123/admin/oauth/access_token", Assert.Single(harness.Handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Missing_arguments_are_refused_before_anything_is_sent()
    {
        using var harness = OAuthHarness.Create();
        var client = harness.Client;

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.ExchangeCodeAsync(null!, OAuthHarness.Code, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ExchangeCodeAsync(OAuthHarness.Shop, " ", Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.ExchangeSessionTokenForOfflineAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.ExchangeSessionTokenForOnlineAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.RefreshAsync(null!, OAuthHarness.RefreshToken, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.RefreshAsync(OAuthHarness.Shop, string.Empty, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.MigrateToExpiringAsync(null!, OAuthHarness.LegacyToken, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.MigrateToExpiringAsync(OAuthHarness.Shop, "", Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.RequestClientCredentialsAsync(null!, Ct));
        Assert.Throws<ArgumentNullException>(() => client.BuildAuthorizeUrl(null!, AccessMode.Offline, new Uri("https://app.example.com/cb"), "Abc123def456GHI789"));

        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public async Task Missing_credentials_are_refused_before_anything_is_sent()
    {
        var handler = new RecordingHandler().Always(200, ShopifyResponses.ClientCredentials);
        var client = new ShopifyOAuthClient(
            new HttpClient(handler),
            new MutableOptionsMonitor(new ShopifyAppOptions { ClientId = OAuthHarness.ClientId }),
            ShopifyEndpoints.Instance,
            TimeProvider.System,
            NullLogger<ShopifyOAuthClient>.Instance);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.RequestClientCredentialsAsync(OAuthHarness.Shop, Ct));

        Assert.Contains("ClientSecret", exception.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Production_endpoints_are_the_shops_own_https_host_and_are_the_default()
    {
        using var harness = OAuthHarness.Create();

        Assert.Same(ShopifyEndpoints.Instance, harness.Services.GetRequiredService<IShopifyEndpoints>());
        Assert.Equal("https://example-shop.myshopify.com/", ShopifyEndpoints.Instance.GetShopBaseAddress(OAuthHarness.Shop).AbsoluteUri);
    }

    [Fact]
    public void UseEndpoints_replaces_the_production_endpoints()
    {
        var endpoints = new RecordingEndpoints();
        using var harness = OAuthHarness.Create(endpoints: endpoints);

        Assert.Same(endpoints, Assert.Single(harness.Services.GetServices<IShopifyEndpoints>()));
    }

    private sealed class RecordingEndpoints : IShopifyEndpoints
    {
        private readonly List<ShopDomain> _shops = [];

        public IReadOnlyList<ShopDomain> Shops
        {
            get
            {
                lock (_shops)
                {
                    return [.. _shops];
                }
            }
        }

        public Uri GetShopBaseAddress(ShopDomain shop)
        {
            lock (_shops)
            {
                _shops.Add(shop);
            }

            return new Uri($"http://127.0.0.1:9/shops/{shop.Handle}/");
        }
    }

    private sealed class FixedEndpoints(Uri address) : IShopifyEndpoints
    {
        public Uri GetShopBaseAddress(ShopDomain shop) => address;
    }
}
