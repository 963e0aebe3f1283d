using System.Buffers;
using System.Text;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Validates App Bridge session tokens (HS256 JWTs signed with the client secret).
/// </summary>
/// <remarks>
/// <para>
/// A token is valid when it is a compact JWS of at most <see cref="MaxTokenLength"/> characters
/// whose header says <c>alg</c> <c>HS256</c> (and <c>typ</c> <c>JWT</c>, if present), whose
/// HMAC-SHA256 signature matches the current or a previous client secret, whose <c>nbf</c>/<c>exp</c>
/// window (with <see cref="ShopifyAppOptions.ClockSkew"/> either side) contains now, whose
/// <c>aud</c> is the client ID, whose <c>dest</c> is <c>https://{shop}.myshopify.com</c>, whose
/// <c>iss</c> is that shop's <c>/admin</c>, and whose <c>sub</c> is a numeric staff user ID.
/// The lifetime rules are those of Microsoft.IdentityModel's <c>ValidateLifetime</c>.
/// </para>
/// <para>
/// Every segment must be canonical unpadded base64url, as RFC 7515 compact serialization requires:
/// padding (<c>=</c>) and a last character with its unused low bits set are rejected as
/// <see cref="VerificationFailure.Malformed"/>, so each token has exactly one accepted spelling.
/// Microsoft.IdentityModel 8.x also rejects the spare-bit spellings but accepts padded segments.
/// That, and JSON that Shopify never signs (<c>exp</c> as a string or fraction, a numeric
/// <c>sub</c>, repeated claims, text after the JSON object), which is rejected here, are the only
/// differences from IdentityModel's verdicts.
/// </para>
/// <para>
/// A token found valid is cached (bounded, per options version) and answered from the cache until
/// <c>exp</c> plus the clock skew; a hit allocates nothing and still checks the lifetime against the
/// clock. Changing the options (a secret rotation, another client ID or skew) starts a new cache.
/// </para>
/// <para>Thread-safe; register it as a singleton.</para>
/// </remarks>
public sealed class SessionTokenValidator
{
    /// <summary>The longest token accepted, in characters. Shopify's are about 600.</summary>
    public const int MaxTokenLength = 8192;

    private const string BearerPrefix = "Bearer ";
    private const int StackBufferSize = 2048;
    private const int SignatureLength = 43; // unpadded base64url of a 32-byte HMAC-SHA256

    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly AppSecrets _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly int _cacheCapacity;
    private State _state;

    /// <summary>Creates a validator that follows option changes (secret rotation without restart).</summary>
    /// <param name="options">The app options.</param>
    /// <param name="timeProvider">The clock used for <c>exp</c> and <c>nbf</c>.</param>
    public SessionTokenValidator(IOptionsMonitor<ShopifyAppOptions> options, TimeProvider timeProvider)
        : this(options, timeProvider, SessionTokenCache.DefaultCapacity)
    {
    }

    /// <summary>Creates a validator over fixed options, for use without dependency injection.</summary>
    /// <param name="options">The app options.</param>
    /// <param name="timeProvider">The clock used for <c>exp</c> and <c>nbf</c>.</param>
    public SessionTokenValidator(ShopifyAppOptions options, TimeProvider timeProvider)
        : this(new StaticOptionsMonitor(options ?? throw new ArgumentNullException(nameof(options))), timeProvider)
    {
    }

    internal SessionTokenValidator(IOptionsMonitor<ShopifyAppOptions> options, TimeProvider timeProvider, int cacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _secrets = new AppSecrets(options);
        _timeProvider = timeProvider;
        _cacheCapacity = cacheCapacity;
        _state = new State(_secrets.Current, cacheCapacity);
    }

    /// <summary>The number of tokens currently cached, for tests.</summary>
    internal int CachedCount => _state.Cache.Count;

    /// <summary>
    /// Extracts the token from an <c>Authorization</c> header value of the form <c>Bearer {token}</c>
    /// (scheme in any letter case), without allocating.
    /// </summary>
    /// <param name="authorizationHeader">The header value.</param>
    /// <param name="token">The text after <c>Bearer </c>; pass it to <see cref="Validate(ReadOnlySpan{char})"/>.</param>
    /// <returns>Whether the header is a non-empty bearer credential.</returns>
    public static bool TryGetBearerToken(ReadOnlySpan<char> authorizationHeader, out ReadOnlySpan<char> token)
    {
        token = default;
        if (authorizationHeader.Length <= BearerPrefix.Length
            || !authorizationHeader.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || authorizationHeader.Contains('\n'))
        {
            return false;
        }

        token = authorizationHeader[BearerPrefix.Length..];
        return true;
    }

    /// <summary>Validates a session token.</summary>
    /// <param name="token">The compact JWT (from <c>Authorization: Bearer</c> or the <c>id_token</c> query parameter).</param>
    /// <returns>The validated token, or why it was rejected. Never throws for bad input.</returns>
    public SessionTokenValidationResult Validate(string? token)
        => string.IsNullOrEmpty(token)
            ? SessionTokenValidationResult.Fail(VerificationFailure.Missing, "token")
            : Validate(token.AsSpan(), token);

    /// <summary>
    /// Validates a session token given as characters, for example the part of an <c>Authorization</c>
    /// header after the scheme. A cached token allocates nothing; a new valid one allocates its string.
    /// </summary>
    /// <param name="token">The compact JWT.</param>
    /// <returns>The validated token, or why it was rejected. Never throws for bad input.</returns>
    public SessionTokenValidationResult Validate(ReadOnlySpan<char> token) => Validate(token, null);

    private static bool TryFromUnixSeconds(long seconds, out long ticks)
    {
        ticks = 0;
        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            return false;
        }

        ticks = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks;
        return true;
    }

    // DateTime arithmetic that saturates, as IdentityModel's DateTimeUtil.Add does.
    private static long AddClamped(long ticks, Int128 delta)
        => (long)Int128.Clamp(ticks + delta, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);

    // IdentityModel's ValidateLifetime: nbf <= exp, nbf <= now + skew, exp >= now - skew.
    // Returns the claim that fails, or null.
    private static string? CheckLifetime(long? notBeforeTicks, long expiresTicks, long latestNotBefore, long earliestExpiry)
    {
        if (notBeforeTicks > expiresTicks || notBeforeTicks > latestNotBefore)
        {
            return "nbf";
        }

        return expiresTicks < earliestExpiry ? "exp" : null;
    }

    private static SessionTokenValidationResult ValidateUncached(
        ReadOnlySpan<char> token,
        string? tokenString,
        State state,
        long latestNotBefore,
        long earliestExpiry,
        out long? notBeforeTicks)
    {
        notBeforeTicks = null;
        if (token.ContainsAnyExcept(TokenCharacters))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "token");
        }

        var dot1 = token.IndexOf('.');
        var dot2 = dot1 < 0 ? -1 : token.LastIndexOf('.');
        if (dot1 < 0 || dot2 == dot1 || token[(dot1 + 1)..dot2].Contains('.'))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "token");
        }

        var headerChars = token[..dot1];
        var payloadChars = token[(dot1 + 1)..dot2];
        var signatureChars = token[(dot2 + 1)..];
        if (headerChars.IsEmpty || !Base64UrlSegment.IsCanonical(headerChars))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "header");
        }

        if (payloadChars.IsEmpty || !Base64UrlSegment.IsCanonical(payloadChars))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "payload");
        }

        // One buffer for the signed ASCII text, the decoded header, the decoded payload and a
        // scratch area as long as the payload for unescaped claims.
        var headerLength = Base64UrlSegment.DecodedLength(headerChars.Length);
        var payloadLength = Base64UrlSegment.DecodedLength(payloadChars.Length);
        var needed = dot2 + headerLength + (2 * payloadLength);
        byte[]? rented = null;
        var buffer = needed <= StackBufferSize
            ? stackalloc byte[StackBufferSize]
            : (rented = ArrayPool<byte>.Shared.Rent(needed));
        try
        {
            var signed = buffer[..dot2];
            var header = buffer.Slice(dot2, headerLength);
            var payload = buffer.Slice(dot2 + headerLength, payloadLength);
            var scratch = buffer.Slice(dot2 + headerLength + payloadLength, payloadLength);
            Ascii.FromUtf16(token[..dot2], signed, out _);

            if (!Base64UrlSegment.TryDecode(signed[..dot1], header, out _))
            {
                return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "header");
            }

            if (!SessionTokenParser.TryReadHeader(header, out var failure))
            {
                return failure;
            }

            if (!VerifySignature(signed, signatureChars, state.Secrets.Keys, out failure))
            {
                return failure;
            }

            if (!Base64UrlSegment.TryDecode(signed[(dot1 + 1)..], payload, out _))
            {
                return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "payload");
            }

            if (!SessionTokenParser.TryReadPayload(payload, scratch, state.ClientId, out var claims, out failure))
            {
                return failure;
            }

            return ValidateClaims(ref claims, token, tokenString, latestNotBefore, earliestExpiry, out notBeforeTicks);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool VerifySignature(ReadOnlySpan<byte> signed, ReadOnlySpan<char> signatureChars, HmacSha256Key[] keys, out SessionTokenValidationResult failure)
    {
        Span<byte> signature = stackalloc byte[HmacSha256Key.HashSize];
        if (signatureChars.Length != SignatureLength
            || !Base64UrlSegment.IsCanonical(signatureChars)
            || !Base64UrlSegment.TryDecode(signatureChars, signature, out _))
        {
            failure = SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "signature");
            return false;
        }

        Span<byte> expected = stackalloc byte[HmacSha256Key.HashSize];
        foreach (var key in keys)
        {
            key.Compute(signed, expected);
            if (DigestComparer.FixedTimeEquals(expected, signature))
            {
                failure = default;
                return true;
            }
        }

        failure = SessionTokenValidationResult.Fail(VerificationFailure.Mismatch, "signature");
        return false;
    }

    private static SessionTokenValidationResult ValidateClaims(
        ref SessionTokenClaims claims,
        ReadOnlySpan<char> token,
        string? tokenString,
        long latestNotBefore,
        long earliestExpiry,
        out long? notBeforeTicks)
    {
        notBeforeTicks = null;
        if (claims.Expires is not { } exp)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Missing, "exp");
        }

        if (!TryFromUnixSeconds(exp, out var expiresTicks))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "exp");
        }

        if (claims.NotBefore is { } nbf)
        {
            if (!TryFromUnixSeconds(nbf, out var ticks))
            {
                return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "nbf");
            }

            notBeforeTicks = ticks;
        }

        if (CheckLifetime(notBeforeTicks, expiresTicks, latestNotBefore, earliestExpiry) is { } expired)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Expired, expired);
        }

        if (!claims.HasAudience)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Missing, "aud");
        }

        if (!claims.AudienceMatches)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Mismatch, "aud");
        }

        if (!claims.HasDestination)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Missing, "dest");
        }

        if (!SessionTokenShop.TryParseDestination(claims.Destination, out var shop))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.InvalidShop, "dest");
        }

        if (!claims.HasIssuer)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Missing, "iss");
        }

        var issuer = SessionTokenShop.CheckIssuer(claims.Issuer, shop);
        if (issuer != VerificationFailure.None)
        {
            return SessionTokenValidationResult.Fail(issuer, "iss");
        }

        if (!claims.HasSubject)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Missing, "sub");
        }

        if (!SessionTokenParser.TryParseUserId(claims.Subject, out var userId))
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "sub");
        }

        return SessionTokenValidationResult.Success(new SessionToken(
            tokenString ?? new string(token),
            shop,
            userId,
            claims.SessionId ?? string.Empty,
            claims.TokenId ?? string.Empty,
            new DateTimeOffset(expiresTicks, TimeSpan.Zero)));
    }

    private SessionTokenValidationResult Validate(ReadOnlySpan<char> token, string? tokenString)
    {
        if (token.IsEmpty)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Missing, "token");
        }

        if (token.Length > MaxTokenLength)
        {
            return SessionTokenValidationResult.Fail(VerificationFailure.Malformed, "token");
        }

        var state = CurrentState();
        var now = _timeProvider.GetUtcNow().UtcTicks;
        Int128 skew = state.Secrets.Options.ClockSkew.Ticks;
        var latestNotBefore = AddClamped(now, skew);
        var earliestExpiry = AddClamped(now, -skew);

        if (state.Cache.TryGet(tokenString, token, out var key, out var entry))
        {
            var notBefore = entry.NotBeforeTicks == long.MinValue ? (long?)null : entry.NotBeforeTicks;
            switch (CheckLifetime(notBefore, entry.ExpiresTicks, latestNotBefore, earliestExpiry))
            {
                case null:
                    return SessionTokenValidationResult.Success(entry.Token);
                case "exp":
                    state.Cache.Remove(key, entry);
                    return SessionTokenValidationResult.Fail(VerificationFailure.Expired, "exp");
                case var claim:
                    return SessionTokenValidationResult.Fail(VerificationFailure.Expired, claim);
            }
        }

        var result = ValidateUncached(token, tokenString, state, latestNotBefore, earliestExpiry, out var notBeforeTicks);
        if (result.Token is { } validated)
        {
            var cached = state.Cache.Add(new SessionTokenCache.Entry(validated, notBeforeTicks ?? long.MinValue), earliestExpiry);
            return ReferenceEquals(cached, validated) ? result : SessionTokenValidationResult.Success(cached);
        }

        return result;
    }

    private State CurrentState()
    {
        var snapshot = _secrets.Current;
        var state = Volatile.Read(ref _state);
        if (!ReferenceEquals(state.Secrets, snapshot))
        {
            // A new options version starts an empty cache: a token valid under the old secrets,
            // client ID or skew must be judged again.
            state = new State(snapshot, _cacheCapacity);
            Volatile.Write(ref _state, state);
        }

        return state;
    }

    /// <summary>What one version of the options implies for validation, and its cache.</summary>
    private sealed class State(AppSecrets.Snapshot secrets, int cacheCapacity)
    {
        public AppSecrets.Snapshot Secrets { get; } = secrets;

        public byte[] ClientId { get; } = Encoding.UTF8.GetBytes(secrets.Options.ClientId);

        public SessionTokenCache Cache { get; } = new(cacheCapacity);
    }
}
