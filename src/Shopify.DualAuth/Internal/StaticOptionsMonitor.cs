using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.Internal;

/// <summary>An options monitor over fixed options, for callers that construct services without DI.</summary>
internal sealed class StaticOptionsMonitor(ShopifyAppOptions value) : IOptionsMonitor<ShopifyAppOptions>
{
    public ShopifyAppOptions CurrentValue { get; } = value;

    public ShopifyAppOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<ShopifyAppOptions, string?> listener) => null;
}
