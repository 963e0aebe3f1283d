using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>Options whose current value the test changes, as a configuration reload would.</summary>
internal sealed class MutableOptionsMonitor(ShopifyAppOptions value) : IOptionsMonitor<ShopifyAppOptions>
{
    public ShopifyAppOptions CurrentValue { get; set; } = value;

    public ShopifyAppOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<ShopifyAppOptions, string?> listener) => null;
}
