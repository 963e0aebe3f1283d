namespace Shopify.DualAuth.AspNetCore;

/// <summary>
/// Where the app lives and where the endpoints of <c>MapShopifyDualAuth</c> are, bound from the
/// <c>Shopify</c> section next to <see cref="ShopifyAppOptions"/> and validated when the host starts.
/// </summary>
public sealed class ShopifyAspNetCoreOptions
{
    /// <summary>
    /// The app's public address, for example <c>https://app.example.com</c>: the OAuth
    /// <c>redirect_uri</c> is built from it (it must match an allowed redirect URL of the app exactly),
    /// and the bounce page only reloads addresses under it. When not set, the request's scheme, host
    /// and path base are used, which is right only when the app sees its public host (behind a proxy,
    /// configure forwarded headers or set this).
    /// </summary>
    public Uri? AppUrl { get; set; }

    /// <summary>
    /// Whether the app is embedded in the Shopify admin (session tokens and token exchange) rather than
    /// a standalone app (code grant and a sign-in cookie). Chooses the default authentication scheme
    /// when the app sets none. Default <see langword="true"/>.
    /// </summary>
    public bool Embedded { get; set; } = true;

    /// <summary>Starts the code grant: <c>GET {InstallPath}?shop=…</c>. Default <c>/auth/install</c>.</summary>
    public string InstallPath { get; set; } = "/auth/install";

    /// <summary>Where Shopify sends the merchant back after authorizing. Default <c>/auth/callback</c>.</summary>
    public string CallbackPath { get; set; } = "/auth/callback";

    /// <summary>
    /// The bounce page: loads App Bridge, which reloads the <c>shopify-reload</c> address with a fresh
    /// <c>id_token</c>. Default <c>/auth/session-token</c>.
    /// </summary>
    public string SessionTokenPath { get; set; } = "/auth/session-token";

    /// <summary>Where a user lands after signing in through the code grant when no return address was kept. Default <c>/</c>.</summary>
    public string AppPath { get; set; } = "/";

    /// <summary>How long an OAuth state cookie is accepted. Default 60 seconds.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The name of the OAuth state cookie. Default <c>shopify_app_state</c>.</summary>
    public string StateCookieName { get; set; } = "shopify_app_state";

    /// <summary>
    /// How long a handled webhook delivery is remembered, so Shopify's retries of it are acknowledged
    /// without running the handlers again. Shopify retries for 4 hours; default 1 day.
    /// </summary>
    public TimeSpan WebhookDeduplicationWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The app's hooks: after an install, after a user signs in, when re-authorization is needed.</summary>
    public ShopifyAuthEvents Events { get; set; } = new();
}
