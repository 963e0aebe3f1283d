namespace Shopify.DualAuth.Verification;

/// <summary>
/// The payload claims a session token is judged on, read by <see cref="SessionTokenParser"/>.
/// The text claims that are only compared or parsed stay as UTF-8 slices of the decoded payload
/// (unescaped when Shopify escapes their slashes), so reading them allocates nothing.
/// </summary>
internal ref struct SessionTokenClaims
{
    /// <summary>The <c>exp</c> claim in Unix seconds, if present.</summary>
    public long? Expires;

    /// <summary>The <c>nbf</c> claim in Unix seconds, if present.</summary>
    public long? NotBefore;

    /// <summary>Whether <c>aud</c> is present.</summary>
    public bool HasAudience;

    /// <summary>Whether <c>aud</c> is, or is an array containing, the app's client ID.</summary>
    public bool AudienceMatches;

    /// <summary>Whether <c>iss</c> is present.</summary>
    public bool HasIssuer;

    /// <summary>The unescaped UTF-8 <c>iss</c> claim.</summary>
    public ReadOnlySpan<byte> Issuer;

    /// <summary>Whether <c>dest</c> is present.</summary>
    public bool HasDestination;

    /// <summary>The unescaped UTF-8 <c>dest</c> claim.</summary>
    public ReadOnlySpan<byte> Destination;

    /// <summary>Whether <c>sub</c> is present.</summary>
    public bool HasSubject;

    /// <summary>The unescaped UTF-8 <c>sub</c> claim.</summary>
    public ReadOnlySpan<byte> Subject;

    /// <summary>The <c>sid</c> claim, if present.</summary>
    public string? SessionId;

    /// <summary>The <c>jti</c> claim, if present.</summary>
    public string? TokenId;
}
