using Microsoft.Extensions.Options;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Verifies everything Shopify signs with the app's client secret: admin query strings (install,
/// OAuth callback, app loads), app-proxy requests and webhooks. Every configured secret is tried
/// (current first, then <see cref="ShopifyAppOptions.PreviousClientSecrets"/>), comparisons are
/// constant-time, and bad input produces a failed result rather than an exception.
/// </summary>
/// <remarks>Thread-safe; register it as a singleton.</remarks>
public sealed partial class ShopifyRequestVerifier
{
    private readonly AppSecrets _secrets;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier that follows option changes (secret rotation without restart).</summary>
    /// <param name="options">The app options.</param>
    /// <param name="timeProvider">The clock used for timestamp windows.</param>
    public ShopifyRequestVerifier(IOptionsMonitor<ShopifyAppOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _secrets = new AppSecrets(options);
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a verifier over fixed options, for use without dependency injection.</summary>
    /// <param name="options">The app options.</param>
    /// <param name="timeProvider">The clock used for timestamp windows.</param>
    public ShopifyRequestVerifier(ShopifyAppOptions options, TimeProvider timeProvider)
        : this(new StaticOptionsMonitor(options ?? throw new ArgumentNullException(nameof(options))), timeProvider)
    {
    }
}
