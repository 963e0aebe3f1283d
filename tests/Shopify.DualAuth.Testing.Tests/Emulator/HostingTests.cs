using System.Net;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class HostingTests
{
    [Fact]
    public async Task Kestrel_listens_on_a_loopback_ephemeral_port_once()
    {
        await using var h = await Harness.StartAsync(EmulatorHost.Kestrel);

        var root = await h.Emulator.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(root, h.Emulator.BaseAddress);
        Assert.Equal("127.0.0.1", root.Host);
        Assert.NotEqual(0, root.Port);
        Assert.Equal($"http://127.0.0.1:{root.Port}/shops/example.myshopify.com/", h.ShopBase.AbsoluteUri);
        Assert.Equal($"http://127.0.0.1:{root.Port}/shops/example.myshopify.com/admin/oauth/access_token", h.ShopUri("admin/oauth/access_token").AbsoluteUri);
    }

    [Fact]
    public async Task The_in_process_handler_accepts_shop_hosts_like_production_addresses()
    {
        await using var h = await Harness.StartAsync(EmulatorHost.InProcess);
        using var client = new HttpClient(h.Emulator.CreateHandler()) { BaseAddress = new Uri("https://example.myshopify.com/") };

        using var response = await client.GetAsync("admin/oauth/authorize?" + Harness.AuthorizeQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Unknown_shops_paths_and_methods_are_refused(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var root = h.Emulator.BaseAddress;

        using var unknownShop = await h.Client.GetAsync(new Uri(root, "shops/nobody.myshopify.com/admin/oauth/authorize"), TestContext.Current.CancellationToken);
        using var notAShop = await h.Client.GetAsync(new Uri(root, "shops/evil.example.com/admin/oauth/authorize"), TestContext.Current.CancellationToken);
        using var unknownPath = await h.Client.GetAsync(h.ShopUri("admin/unknown"), TestContext.Current.CancellationToken);
        using var badVersion = await h.Client.PostAsync(h.ShopUri("admin/api/latest/graphql.json"), null, TestContext.Current.CancellationToken);
        using var wrongMethod = await h.Client.GetAsync(h.ShopUri("admin/oauth/access_token"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknownShop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAShop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badVersion.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Disposing_releases_a_hanging_request(EmulatorHost host)
    {
        var h = await Harness.StartAsync(host);
        h.Emulator.Faults.FailNext(EmulatorEndpoint.Authorize, 1, EmulatorFault.Timeout);
        var hanging = h.AuthorizeAsync(Harness.AuthorizeQuery());
        await WaitUntilAsync(() => h.Emulator.Requests.Count == 1);

        await h.Emulator.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => hanging);
        h.Client.Dispose();
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Concurrent_code_exchanges_spend_a_code_once(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var code = await h.AuthorizeForCodeAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await h.PostTokenAsync(Harness.Fields(("code", code)));
            return response.StatusCode;
        }));

        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Equal(11, statuses.Count(s => s == HttpStatusCode.BadRequest));
    }

    [Fact]
    public void Shops_are_declared_once_with_a_default_owner()
    {
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = "a", ClientSecret = "b" });

        var shop = emulator.AddShop("bare-shop.myshopify.com");

        Assert.Equal("bare-shop.myshopify.com", shop.Domain.Value);
        Assert.True(Assert.Single(shop.Users).AccountOwner);
        Assert.Equal(shop.Users[0], shop.SignedInUser);
        Assert.Throws<ArgumentException>(() => emulator.AddShop("bare-shop"));
        Assert.Throws<ArgumentException>(() => emulator.AddShop("evil.example.com"));
        Assert.Throws<ArgumentException>(() => shop.SignIn(42));
        Assert.Throws<ArgumentException>(() => shop.AddUser(shop.Users[0]));
        Assert.Throws<ArgumentException>(() => emulator.GetShop(ShopDomain.Parse("nobody.myshopify.com")));
    }

    [Fact]
    public async Task A_seed_makes_tokens_reproducible()
    {
        async Task<string[]> RunAsync(int? seed)
        {
            await using var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = "a", ClientSecret = "b", RandomSeed = seed, TimeProvider = new FakeTimeProvider(Harness.Start) });
            var shop = emulator.AddShop("example").Domain;
            return [emulator.Tokens.IssueNonExpiringOfflineToken(shop), emulator.MintSessionToken(shop, 1)];
        }

        Assert.Equal(await RunAsync(7), await RunAsync(7));
        Assert.NotEqual(await RunAsync(7), await RunAsync(8));
        Assert.NotEqual(await RunAsync(null), await RunAsync(null));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
