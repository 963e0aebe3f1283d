using System.Text.Json;
using System.Text.Unicode;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Reads the decoded JSON header and payload of a session token with <see cref="Utf8JsonReader"/>:
/// a real JSON parser (Shopify escapes slashes as <c>\/</c>), no DOM, and no strings allocated
/// except the <c>sid</c> and <c>jti</c> values that end up in the result.
/// </summary>
/// <remarks>
/// Stricter than JWT libraries in ways no Shopify token can hit: the JSON must be one object with
/// nothing after it, the claims read here must not repeat, and <c>exp</c>/<c>nbf</c> must be JSON
/// integers. Header parameters other than <c>alg</c> and <c>typ</c> (including <c>crit</c>) are
/// ignored, as Microsoft.IdentityModel does: the signature is checked with HS256 and the app's own
/// secrets whatever the header says.
/// </remarks>
internal static class SessionTokenParser
{
    private const int DuplicateExp = 1;
    private const int DuplicateNbf = 1 << 1;
    private const int DuplicateAud = 1 << 2;
    private const int DuplicateIss = 1 << 3;
    private const int DuplicateDest = 1 << 4;
    private const int DuplicateSub = 1 << 5;
    private const int DuplicateSid = 1 << 6;
    private const int DuplicateJti = 1 << 7;

    /// <summary>Checks the header: <c>alg</c> must be <c>HS256</c> and <c>typ</c>, when present, <c>JWT</c>.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> json, out SessionTokenValidationResult failure)
    {
        failure = default;
        if (!Utf8.IsValid(json))
        {
            return Fail(VerificationFailure.Malformed, "header", out failure);
        }

        var hasAlg = false;
        var hasTyp = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(VerificationFailure.Malformed, "header", out failure);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("alg"u8))
                {
                    if (hasAlg || !reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return Fail(VerificationFailure.Malformed, "alg", out failure);
                    }

                    hasAlg = true;
                    if (!reader.ValueTextEquals("HS256"u8))
                    {
                        return Fail(VerificationFailure.Mismatch, "alg", out failure);
                    }
                }
                else if (reader.ValueTextEquals("typ"u8))
                {
                    if (hasTyp || !reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return Fail(VerificationFailure.Malformed, "typ", out failure);
                    }

                    hasTyp = true;
                    if (!reader.ValueTextEquals("JWT"u8))
                    {
                        return Fail(VerificationFailure.Mismatch, "typ", out failure);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            if (!IsWholeObject(ref reader))
            {
                return Fail(VerificationFailure.Malformed, "header", out failure);
            }
        }
        catch (JsonException)
        {
            return Fail(VerificationFailure.Malformed, "header", out failure);
        }

        return hasAlg || Fail(VerificationFailure.Missing, "alg", out failure);
    }

    /// <summary>
    /// Reads the payload claims. Text claims that must be unescaped are copied into
    /// <paramref name="scratch"/>, which must be at least as long as <paramref name="json"/>.
    /// Presence and value checks are left to the caller; only the JSON types are checked here.
    /// </summary>
    public static bool TryReadPayload(
        ReadOnlySpan<byte> json,
        Span<byte> scratch,
        ReadOnlySpan<byte> clientId,
        out SessionTokenClaims claims,
        out SessionTokenValidationResult failure)
    {
        claims = default;
        failure = default;
        if (!Utf8.IsValid(json))
        {
            return Fail(VerificationFailure.Malformed, "payload", out failure);
        }

        var seen = 0;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(VerificationFailure.Malformed, "payload", out failure);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? bad;
                if (reader.ValueTextEquals("exp"u8))
                {
                    bad = ReadNumericDate(ref reader, ref seen, DuplicateExp, "exp", out claims.Expires);
                }
                else if (reader.ValueTextEquals("nbf"u8))
                {
                    bad = ReadNumericDate(ref reader, ref seen, DuplicateNbf, "nbf", out claims.NotBefore);
                }
                else if (reader.ValueTextEquals("aud"u8))
                {
                    claims.HasAudience = true;
                    bad = ReadAudience(ref reader, ref seen, clientId, out claims.AudienceMatches);
                }
                else if (reader.ValueTextEquals("iss"u8))
                {
                    claims.HasIssuer = true;
                    bad = ReadText(ref reader, ref seen, DuplicateIss, "iss", scratch, out claims.Issuer, out var used);
                    scratch = scratch[used..];
                }
                else if (reader.ValueTextEquals("dest"u8))
                {
                    claims.HasDestination = true;
                    bad = ReadText(ref reader, ref seen, DuplicateDest, "dest", scratch, out claims.Destination, out var used);
                    scratch = scratch[used..];
                }
                else if (reader.ValueTextEquals("sub"u8))
                {
                    claims.HasSubject = true;
                    bad = ReadText(ref reader, ref seen, DuplicateSub, "sub", scratch, out claims.Subject, out var used);
                    scratch = scratch[used..];
                }
                else if (reader.ValueTextEquals("sid"u8))
                {
                    bad = ReadString(ref reader, ref seen, DuplicateSid, "sid", out claims.SessionId);
                }
                else if (reader.ValueTextEquals("jti"u8))
                {
                    bad = ReadString(ref reader, ref seen, DuplicateJti, "jti", out claims.TokenId);
                }
                else
                {
                    reader.Skip();
                    bad = null;
                }

                if (bad is not null)
                {
                    return Fail(VerificationFailure.Malformed, bad, out failure);
                }
            }

            if (!IsWholeObject(ref reader))
            {
                return Fail(VerificationFailure.Malformed, "payload", out failure);
            }
        }
        catch (JsonException)
        {
            return Fail(VerificationFailure.Malformed, "payload", out failure);
        }
        catch (InvalidOperationException)
        {
            // Unescaping a lone surrogate (for example "\ud800") cannot produce valid text.
            return Fail(VerificationFailure.Malformed, "payload", out failure);
        }

        return true;
    }

    /// <summary>Parses <c>sub</c> as a staff user ID: decimal digits, no sign or leading zero, 1 to <see cref="long.MaxValue"/>.</summary>
    public static bool TryParseUserId(ReadOnlySpan<byte> subject, out long userId)
    {
        userId = 0;
        if (subject.IsEmpty || subject.Length > 19 || subject[0] == (byte)'0')
        {
            return false;
        }

        foreach (var b in subject)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        // Up to 19 digits fits in ulong; only the range check against long remains.
        ulong value = 0;
        foreach (var b in subject)
        {
            value = (value * 10) + (ulong)(b - (byte)'0');
        }

        if (value > long.MaxValue)
        {
            return false;
        }

        userId = (long)value;
        return true;
    }

    // After the property loop the reader must sit on the closing brace of the root object, with
    // nothing but whitespace after it (Read throws on trailing content).
    private static bool IsWholeObject(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();

    private static bool FirstTime(ref int seen, int flag)
    {
        if ((seen & flag) != 0)
        {
            return false;
        }

        seen |= flag;
        return true;
    }

    private static string? ReadNumericDate(ref Utf8JsonReader reader, ref int seen, int flag, string claim, out long? value)
    {
        value = null;
        if (!FirstTime(ref seen, flag) || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seconds))
        {
            return claim;
        }

        value = seconds;
        return null;
    }

    private static string? ReadAudience(ref Utf8JsonReader reader, ref int seen, ReadOnlySpan<byte> clientId, out bool matches)
    {
        matches = false;
        if (!FirstTime(ref seen, DuplicateAud) || !reader.Read())
        {
            return "aud";
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            matches = !clientId.IsEmpty && reader.ValueTextEquals(clientId);
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "aud";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return "aud";
            }

            matches |= !clientId.IsEmpty && reader.ValueTextEquals(clientId);
        }

        return null;
    }

    private static string? ReadText(
        scoped ref Utf8JsonReader reader,
        scoped ref int seen,
        int flag,
        string claim,
        Span<byte> scratch,
        out ReadOnlySpan<byte> value,
        out int scratchUsed)
    {
        value = default;
        scratchUsed = 0;
        if (!FirstTime(ref seen, flag) || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return claim;
        }

        if (!reader.ValueIsEscaped)
        {
            value = reader.ValueSpan;
            return null;
        }

        // An unescaped value is never longer than its escaped form, and each claim is copied at
        // most once, so a scratch area as long as the payload always has room.
        scratchUsed = reader.CopyString(scratch);
        value = scratch[..scratchUsed];
        return null;
    }

    private static string? ReadString(ref Utf8JsonReader reader, ref int seen, int flag, string claim, out string? value)
    {
        value = null;
        if (!FirstTime(ref seen, flag) || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return claim;
        }

        value = reader.GetString();
        return null;
    }

    private static bool Fail(VerificationFailure reason, string part, out SessionTokenValidationResult failure)
    {
        failure = SessionTokenValidationResult.Fail(reason, part);
        return false;
    }
}
