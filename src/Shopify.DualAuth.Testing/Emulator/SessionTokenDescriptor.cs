namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>
/// Everything that goes into a session token the emulator mints. Unset members take Shopify's
/// values; set them to produce the odd tokens negative tests need (wrong audience, foreign secret,
/// issued in the past).
/// </summary>
public sealed class SessionTokenDescriptor
{
    /// <summary>The shop (<c>iss</c> and <c>dest</c>).</summary>
    public required ShopDomain Shop { get; init; }

    /// <summary>The staff user (<c>sub</c>).</summary>
    public required long UserId { get; init; }

    /// <summary><c>exp</c> − <c>nbf</c>; 60 seconds unless set.</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary><c>iat</c> and <c>nbf</c>; the emulator's current time unless set.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary><c>aud</c>; the emulator's client id unless set.</summary>
    public string? Audience { get; init; }

    /// <summary><c>jti</c>; a fresh UUID unless set.</summary>
    public string? TokenId { get; init; }

    /// <summary><c>sid</c>; a 64-hex-digit id stable per shop and user unless set.</summary>
    public string? SessionId { get; init; }

    /// <summary>The HS256 key; the emulator's client secret unless set.</summary>
    public string? SigningSecret { get; init; }
}
