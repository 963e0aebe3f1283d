using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.AspNetCore.Tests.Harness;

/// <summary>What a test changes about the app under test and its Shopify.</summary>
internal sealed class TestAppSetup
{
    /// <summary>One clock for the app and the emulator; the system clock when null.</summary>
    public FakeTimeProvider? Clock { get; set; }

    public Action<ShopifyAppOptions>? App { get; set; }

    public Action<ShopifyAspNetCoreOptions>? AspNetCore { get; set; }

    public Action<ShopifyDualAuthBuilder>? DualAuth { get; set; }

    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>Maps the test's own endpoints, after the library's.</summary>
    public Action<WebApplication>? Endpoints { get; set; }

    public Action<EmulatedShop>? Shop { get; set; }
}
