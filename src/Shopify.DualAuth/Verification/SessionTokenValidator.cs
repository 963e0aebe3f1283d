using Microsoft.Extensions.Options;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Validates App Bridge session tokens (HS256 JWTs signed with the client secret).
/// </summary>
/// <remarks>Thread-safe; register it as a singleton.</remarks>
public sealed class SessionTokenValidator
{
    /// <summary>Creates a validator that follows option changes (secret rotation without restart).</summary>
    /// <param name="options">The app options.</param>
    /// <param name="timeProvider">The clock used for <c>exp</c> and <c>nbf</c>.</param>
    public SessionTokenValidator(IOptionsMonitor<ShopifyAppOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
    }

    /// <summary>Creates a validator over fixed options, for use without dependency injection.</summary>
    /// <param name="options">The app options.</param>
    /// <param name="timeProvider">The clock used for <c>exp</c> and <c>nbf</c>.</param>
    public SessionTokenValidator(ShopifyAppOptions options, TimeProvider timeProvider)
        : this(new StaticOptionsMonitor(options ?? throw new ArgumentNullException(nameof(options))), timeProvider)
    {
    }
}
