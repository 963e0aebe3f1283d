using System.Globalization;
using Shopify.DualAuth;
using Shopify.DualAuth.Storage;

namespace Samples.Shared;

/// <summary>A token as the pages show it: the record's own redacted form, never the raw value.</summary>
internal static class TokenView
{
    public static readonly string[] Headers = ["token", "held for", "value (masked)", "expires", "scopes"];

    /// <summary>The shop's offline token and the given users' online tokens, as the store holds them now.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> RowsAsync(IServiceProvider services, ShopDomain shop, IEnumerable<long> userIds, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IShopifyTokenStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var rows = new List<IReadOnlyList<string>>();
        if (await store.GetOfflineTokenAsync(shop, cancellationToken) is { } offline)
        {
            rows.Add(["offline", "(the shop)", Masked(offline), Expiry(offline.ExpiresAt, now), offline.Scopes.ToString()]);
        }

        foreach (var userId in userIds.Distinct())
        {
            if (await store.GetOnlineTokenAsync(shop, userId, cancellationToken) is { } online)
            {
                rows.Add(["online", $"{online.User.DisplayName} ({userId.ToString(CultureInfo.InvariantCulture)})", Masked(online), Expiry(online.ExpiresAt, now), online.Scopes.ToString()]);
            }
        }

        return rows;
    }

    public static string Masked(object token)
    {
        // The records' ToString() redacts every secret to its type prefix; take the access token's part.
        var text = token.ToString() ?? string.Empty;
        const string Marker = "AccessToken = ";
        var from = text.IndexOf(Marker, StringComparison.Ordinal);
        if (from < 0)
        {
            return "(redacted)";
        }

        from += Marker.Length;
        var to = text.IndexOf(',', from);
        return to < 0 ? text[from..] : text[from..to];
    }

    public static string Expiry(DateTimeOffset? expiresAt, DateTimeOffset now)
        => expiresAt is not { } at
            ? "never"
            : string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss}Z ({(at > now ? "in " + Span(at - now) : "expired")})");

    private static string Span(TimeSpan span)
        => span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds}s");
}
