using Microsoft.AspNetCore.Authentication;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>Options of the <see cref="ShopifySessionTokenDefaults.AuthenticationScheme"/> scheme.</summary>
public sealed class ShopifySessionTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>Creates the options with default events.</summary>
    public ShopifySessionTokenOptions() => Events = new ShopifySessionTokenEvents();

    /// <summary>The scheme's events; replace it, or set its delegates.</summary>
    public new ShopifySessionTokenEvents Events
    {
        get => (ShopifySessionTokenEvents)base.Events!;
        set => base.Events = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Whether a document request (a page load in the admin, not a fetch) may bring its session token
    /// as the <c>id_token</c> query parameter, as the admin does on every app load. Default <see langword="true"/>.
    /// </summary>
    public bool AcceptIdTokenQuery { get; set; } = true;

    /// <summary>
    /// Whether a request of a shop without a usable offline token installs it right away, by
    /// exchanging the session token for both tokens (no redirect) before the app's endpoint runs.
    /// Default <see langword="true"/>.
    /// </summary>
    public bool InstallOnFirstLoad { get; set; } = true;
}
