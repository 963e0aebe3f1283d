namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>How a <see cref="ShopifyEmulator"/> sees the app under test. Read once, when the emulator is created.</summary>
public sealed class ShopifyEmulatorOptions
{
    /// <summary>The app's client id (API key); requests naming another answer <c>invalid_client</c>.</summary>
    public required string ClientId { get; init; }

    /// <summary>The app's client secret: checked on every token request, and the key of every signature the emulator makes.</summary>
    public required string ClientSecret { get; init; }

    /// <summary>
    /// The redirect URIs configured for the app. Authorize accepts a <c>redirect_uri</c> only when it
    /// equals one of these exactly (as written, or in <see cref="Uri.AbsoluteUri"/> form).
    /// </summary>
    public IList<Uri> AllowedRedirectUris { get; } = [];

    /// <summary>The emulator's clock: token lifetimes, timestamps and session-token checks all read it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When set, tokens, codes and ids come from a <see cref="Random"/> with this seed, so a test run is
    /// reproducible; otherwise they are cryptographically random.
    /// </summary>
    public int? RandomSeed { get; init; }

    /// <summary>The <c>X-Shopify-API-Version</c> webhooks carry unless a message says otherwise.</summary>
    public string WebhookApiVersion { get; init; } = "2026-07";

    /// <summary>
    /// The handler webhook deliveries go through, for an app hosted in process (for example a test
    /// server's handler). When <see langword="null"/>, deliveries use a real socket connection.
    /// The emulator does not dispose it.
    /// </summary>
    public HttpMessageHandler? WebhookHandler { get; init; }

    /// <summary>How long a webhook delivery waits for the app; Shopify waits about 5 seconds.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
