using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.AspNetCore.Tests.Harness;

namespace Shopify.DualAuth.AspNetCore.Tests.AppProxy;

public sealed class AppProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AppHosts.Both), MemberType = typeof(AppHosts))]
    public async Task A_signed_proxy_request_reaches_the_endpoint_with_shop_and_customer(AppHost host)
    {
        await using var app = await StartAsync(host);
        var query = app.Emulator.SignAppProxyQuery(app.Domain, "/apps/reviews", "7208298", [new("extra", "1"), new("extra", "2")]);

        using var response = await app.Browser.GetAsync(app.Url("/proxy/widget?" + query), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{app.Domain.Value}|7208298|/apps/reviews|{app.Domain.Value}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_signed_proxy_request_without_a_logged_in_customer_has_none()
    {
        await using var app = await StartAsync(AppHost.InProcess);

        using var response = await app.Browser.GetAsync(app.Url("/proxy/widget?" + app.Emulator.SignAppProxyQuery(app.Domain, "/apps/reviews")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{app.Domain.Value}|-|/apps/reviews|{app.Domain.Value}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("added")]
    [InlineData("customer")]
    [InlineData("unsigned")]
    [InlineData("reordered-repeats")]
    public async Task A_proxy_request_whose_signature_does_not_verify_gets_401(string change)
    {
        await using var app = await StartAsync(AppHost.InProcess);
        var query = app.Emulator.SignAppProxyQuery(app.Domain, "/apps/reviews", "7208298", [new("extra", "1"), new("extra", "2")]);
        query = change switch
        {
            "added" => query + "&admin=1",
            "customer" => query.Replace("logged_in_customer_id=7208298", "logged_in_customer_id=1", StringComparison.Ordinal),
            "unsigned" => string.Join('&', query.Split('&').Where(p => !p.StartsWith("signature=", StringComparison.Ordinal))),
            _ => query.Replace("extra=1&extra=2", "extra=2&extra=1", StringComparison.Ordinal),
        };

        using var response = await app.Browser.GetAsync(app.Url("/proxy/widget?" + query), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_replayed_proxy_request_outside_the_time_window_gets_401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartAsync(AppHost.InProcess, clock);
        var query = app.Emulator.SignAppProxyQuery(app.Domain, "/apps/reviews", "7208298");

        clock.Advance(TimeSpan.FromMinutes(2));
        using var response = await app.Browser.GetAsync(app.Url("/proxy/widget?" + query), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<TestApp> StartAsync(AppHost host, FakeTimeProvider? clock = null)
        => TestApp.StartAsync(host, s =>
        {
            s.Clock = clock;
            s.Endpoints = app => app.MapGet("/proxy/{**rest}", (HttpContext context) =>
                {
                    var proxy = context.GetShopifyAppProxy()!.Value;
                    return $"{proxy.Shop!.Value}|{proxy.LoggedInCustomerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}|{proxy.PathPrefix}|{context.GetShopifyShop()!.Value}";
                })
                .RequireShopifyAppProxy();
        });
}
