using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

internal static class VerifierFactory
{
    public static ShopifyRequestVerifier Create(string secret, long unixNow, params string[] previousSecrets)
        => new(Options(secret, previousSecrets), Clock(unixNow));

    public static ShopifyAppOptions Options(string secret, params string[] previousSecrets)
    {
        var options = new ShopifyAppOptions { ClientId = "client-id-123", ClientSecret = secret, Scopes = "read_products" };
        foreach (var previous in previousSecrets)
        {
            options.PreviousClientSecrets.Add(previous);
        }

        return options;
    }

    public static ShopDomain Shop(string host)
        => ShopDomain.TryParse(host, out var shop) ? shop : throw new ArgumentException("not a shop", nameof(host));

    public static FakeTimeProvider Clock(long unixNow) => new(DateTimeOffset.FromUnixTimeSeconds(unixNow));
}

/// <summary>An options monitor whose value a test can replace, as a configuration reload would.</summary>
internal sealed class MutableOptionsMonitor(ShopifyAppOptions value) : IOptionsMonitor<ShopifyAppOptions>
{
    public ShopifyAppOptions CurrentValue { get; set; } = value;

    public ShopifyAppOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<ShopifyAppOptions, string?> listener) => null;
}
