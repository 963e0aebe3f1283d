namespace Shopify.DualAuth;

/// <summary>
/// The app's Shopify credentials and token policy, bound from the configuration section
/// <c>Shopify</c> and validated at start-up by <see cref="ShopifyAppOptionsValidator"/>.
/// </summary>
public sealed class ShopifyAppOptions
{
    /// <summary>The configuration section these options are bound from by default.</summary>
    public const string SectionName = "Shopify";

    /// <summary>The app's client ID (also called API key), from the Dev Dashboard.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The app's current client secret. Signs OAuth calls; verifies every signature.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// Secrets being rotated out. Signatures made with any of them are still accepted (Shopify keeps
    /// signing webhooks with the old secret for up to an hour after a rotation); outbound calls
    /// always use <see cref="ClientSecret"/>.
    /// </summary>
    public IList<string> PreviousClientSecrets { get; } = [];

    /// <summary>The access scopes the app requires, comma-separated (for example <c>write_products,read_orders</c>).</summary>
    public string Scopes { get; set; } = string.Empty;

    /// <summary>
    /// Whether offline tokens are requested as expiring (60 minutes, with a 90-day rotating refresh
    /// token). Required for public apps from 2027-01-01; on by default.
    /// </summary>
    public bool ExpiringOfflineTokens { get; set; } = true;

    /// <summary>How long before its expiry an offline token is refreshed. Default 5 minutes.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Leeway for session-token <c>exp</c>/<c>nbf</c> and cached token expiry. Default 10 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest accepted difference between a signed request's <c>timestamp</c> and now, for
    /// install, callback, app-load and app-proxy requests. Default 90 seconds.
    /// </summary>
    public TimeSpan RequestMaxAge { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The required scopes, parsed.</summary>
    /// <returns>The parsed <see cref="Scopes"/>.</returns>
    /// <exception cref="FormatException"><see cref="Scopes"/> is malformed.</exception>
    public ScopeSet GetRequiredScopes() => ScopeSet.Parse(Scopes);

    /// <summary>Describes the options without revealing any secret.</summary>
    /// <returns>The client ID, scopes and policy; secrets only by count.</returns>
    public override string ToString()
        => $"ShopifyAppOptions {{ ClientId = {ClientId}, ClientSecret = {(ClientSecret.Length == 0 ? "<missing>" : "***")}, PreviousClientSecrets = {PreviousClientSecrets.Count}, Scopes = {Scopes}, ExpiringOfflineTokens = {ExpiringOfflineTokens} }}";
}
