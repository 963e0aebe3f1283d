using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shopify.DualAuth.Verification;
using static Shopify.DualAuth.Tests.Verification.SessionTokenTestData;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>
/// Runs thousands of generated tokens through both <see cref="SessionTokenValidator"/> and
/// Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>, configured equivalently, and
/// requires the same verdict. The one intended difference is non-canonical base64url: IdentityModel
/// 8.x accepts a segment padded with '=' (RFC 7515 compact serialization forbids padding), the
/// validator rejects it. Non-canonical tokens are classified independently of the library and the
/// difference is asserted to be exactly the padded ones. Both reject spare-bit spellings.
/// </summary>
public partial class SessionTokenDifferentialTests
{
    private const int Cases = 6000;
    private const string ClientId = "3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // IdentityModel refuses HS256 keys shorter than 256 bits, so these are realistic-length secrets.
    private const string Current = "shpss_0123456789abcdef0123456789abcdef";
    private const string Previous = "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";
    private const string Unknown = "shpss_00000000000000001111111111111111";

    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000);

    private enum Kind
    {
        Valid,
        PreviousSecret,
        UnknownSecret,
        ClaimMutation,
        AlgorithmMutation,
        CharacterFlip,
        SpareBitFlip,
        NonCanonicalResigned,
        Padded,
        StructureMutation,
        Garbage,
    }

    [Fact]
    public async Task Verdicts_match_IdentityModel_except_for_non_canonical_encodings()
    {
        var random = new Random(20240611);
        var clock = new FakeTimeProvider(Start);
        var options = Options(Current, ClientId, Previous);
        var validator = new SessionTokenValidator(options, clock);
        var handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = SessionTokenValidator.MaxTokenLength };
        var parameters = Parameters(clock);

        var counts = new Dictionary<Kind, (int Cases, int Accepted)>();
        var encodingOnly = new Dictionary<Kind, int>();
        var disagreements = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 2000)));
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var kind = PickKind(random);
            var token = Generate(kind, random, now);

            var ours = validator.Validate(token);
            var theirs = await handler.ValidateTokenAsync(token, parameters);
            var canonical = IsCanonicalCompactJws(token);

            var (n, accepted) = counts.GetValueOrDefault(kind);
            counts[kind] = (n + 1, accepted + (ours.IsValid ? 1 : 0));

            if (!canonical && theirs.IsValid)
            {
                // The intended difference: rejected here only for its spelling.
                encodingOnly[kind] = encodingOnly.GetValueOrDefault(kind) + 1;
                if (ours.IsValid || ours.Failure != VerificationFailure.Malformed || ours.Claim is not ("token" or "header" or "payload" or "signature"))
                {
                    disagreements.Add($"#{i} {kind}: non-canonical token accepted by IdentityModel gave {ours}");
                }
            }
            else if (ours.IsValid != theirs.IsValid)
            {
                disagreements.Add($"#{i} {kind}: ours {ours}, IdentityModel {(theirs.IsValid ? "valid" : theirs.Exception?.GetType().Name)}; token {token}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements.Take(20)));

        // Every category ran, valid ones passed, invalid ones failed.
        Assert.All(Enum.GetValues<Kind>(), kind => Assert.True(counts.GetValueOrDefault(kind).Cases >= 100, $"{kind}: {counts.GetValueOrDefault(kind)}"));
        Assert.Equal(counts[Kind.Valid].Cases, counts[Kind.Valid].Accepted);
        Assert.Equal(counts[Kind.PreviousSecret].Cases, counts[Kind.PreviousSecret].Accepted);
        Assert.Equal(0, counts[Kind.UnknownSecret].Accepted);
        Assert.Equal(0, counts[Kind.SpareBitFlip].Accepted);
        Assert.Equal(0, counts[Kind.NonCanonicalResigned].Accepted);
        Assert.Equal(0, counts[Kind.Padded].Accepted);
        Assert.InRange(counts[Kind.ClaimMutation].Accepted, 1, counts[Kind.ClaimMutation].Cases - 1);

        // The difference is exactly the padded tokens: IdentityModel accepted every one of them and
        // no other non-canonical token (spare bits set, surrounding spaces were rejected by both).
        Assert.Equal([Kind.Padded], encodingOnly.Keys);
        Assert.Equal(counts[Kind.Padded].Cases, encodingOnly[Kind.Padded]);
    }

    [Fact]
    public async Task Spare_bit_spellings_are_rejected_by_both_and_padding_only_here()
    {
        var clock = new FakeTimeProvider(Start);
        var validator = new SessionTokenValidator(Options(Current, ClientId, Previous), clock);
        var handler = new JsonWebTokenHandler();
        var token = Sign(ValidClaims(new Random(7), clock.GetUtcNow().ToUnixTimeSeconds()), Current);
        var spareBits = FlipSpareBits(token, 2, new Random(8));
        var padded = token + "=";

        // The spare-bit spelling carries the same HMAC: only its spelling is wrong.
        Assert.NotEqual(token, spareBits);
        Assert.Equal(token, Canonicalise(spareBits));
        Assert.True(validator.Validate(token).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(clock))).IsValid);

        var ours = validator.Validate(spareBits);
        Assert.Equal((VerificationFailure.Malformed, "signature"), (ours.Failure, ours.Claim));
        Assert.False((await handler.ValidateTokenAsync(spareBits, Parameters(clock))).IsValid);

        ours = validator.Validate(padded);
        Assert.Equal((VerificationFailure.Malformed, "token"), (ours.Failure, ours.Claim));
        Assert.True((await handler.ValidateTokenAsync(padded, Parameters(clock))).IsValid);
    }

    private static TokenValidationParameters Parameters(TimeProvider clock)
    {
        var parameters = new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = [Key(Current), Key(Previous)],
            TryAllIssuerSigningKeys = true,
            ValidAudience = ClientId,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateIssuer = true,
            IssuerValidator = ValidateShopClaims,
            TypeValidator = (type, token, _) => string.IsNullOrEmpty(type) || type == "JWT" ? type : throw new SecurityTokenInvalidTypeException("typ"),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(10),
        };

        // IdentityModel 8.x reads the clock through an internal TokenValidationParameters.TimeProvider
        // in its own ValidateLifetime. Setting it keeps IdentityModel's lifetime code under test;
        // a LifetimeValidator delegate would replace that code with ours. The clock starts in 2033,
        // so if IdentityModel ignored it every valid token would fail and the test would say so.
        var property = typeof(TokenValidationParameters).GetProperty("TimeProvider", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.NotNull(property);
        property.SetValue(parameters, clock);
        return parameters;
    }

    private static SymmetricSecurityKey Key(string secret) => new(Encoding.UTF8.GetBytes(secret));

    // The iss/dest/sub rules, written independently of the library with regular expressions over
    // the claims IdentityModel parsed.
    private static string ValidateShopClaims(string issuer, SecurityToken token, TokenValidationParameters parameters)
    {
        var jwt = (JsonWebToken)token;
        if (!jwt.TryGetPayloadValue<string>("dest", out var dest) || DestPattern().Match(dest) is not { Success: true } destMatch)
        {
            throw new SecurityTokenInvalidIssuerException("dest");
        }

        if (IssPattern().Match(issuer ?? string.Empty) is not { Success: true } issMatch
            || !string.Equals(destMatch.Groups["handle"].Value, issMatch.Groups["handle"].Value, StringComparison.OrdinalIgnoreCase))
        {
            throw new SecurityTokenInvalidIssuerException("iss");
        }

        if (!jwt.TryGetPayloadValue<string>("sub", out var sub) || !SubPattern().IsMatch(sub) || !long.TryParse(sub, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new SecurityTokenInvalidIssuerException("sub");
        }

        return issuer!;
    }

    [GeneratedRegex("^(?i:https)://(?<handle>(?i:[a-z0-9][a-z0-9-]{0,62}))(?i:\\.myshopify\\.com)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex DestPattern();

    [GeneratedRegex("^(?i:https)://(?<handle>(?i:[a-z0-9][a-z0-9-]{0,62}))(?i:\\.myshopify\\.com)/admin$", RegexOptions.CultureInvariant)]
    private static partial Regex IssPattern();

    [GeneratedRegex("^[1-9][0-9]{0,18}$", RegexOptions.CultureInvariant)]
    private static partial Regex SubPattern();

    private static Kind PickKind(Random random) => random.Next(100) switch
    {
        < 20 => Kind.Valid,
        < 25 => Kind.PreviousSecret,
        < 28 => Kind.UnknownSecret,
        < 53 => Kind.ClaimMutation,
        < 61 => Kind.AlgorithmMutation,
        < 73 => Kind.CharacterFlip,
        < 78 => Kind.SpareBitFlip,
        < 82 => Kind.NonCanonicalResigned,
        < 87 => Kind.Padded,
        < 94 => Kind.StructureMutation,
        _ => Kind.Garbage,
    };

    private static string Generate(Kind kind, Random random, long now) => kind switch
    {
        Kind.Valid => SignWithHeader(ValidClaims(random, now), random, Current),
        Kind.PreviousSecret => SignWithHeader(ValidClaims(random, now), random, Previous),
        Kind.UnknownSecret => SignWithHeader(ValidClaims(random, now), random, Unknown),
        Kind.ClaimMutation => SignWithHeader(MutateClaims(ValidClaims(random, now), random, now), random, Current),
        Kind.AlgorithmMutation => MutateAlgorithm(ValidClaims(random, now), random),
        Kind.CharacterFlip => FlipCharacter(SignWithHeader(ValidClaims(random, now), random, Current), random),
        Kind.SpareBitFlip => FlipSpareBits(SignWithHeader(ValidClaims(random, now), random, Current), 2, random),
        Kind.NonCanonicalResigned => ResignNonCanonical(ValidClaims(random, now), random),
        Kind.Padded => Pad(ValidClaims(random, now), random),
        Kind.StructureMutation => MutateStructure(SignWithHeader(ValidClaims(random, now), random, Current), random),
        _ => Garbage(random),
    };

    private static JsonObject ValidClaims(Random random, long now)
    {
        var handle = RandomHandle(random);
        var host = random.Next(10) == 0 ? $"{handle.ToUpperInvariant()}.MyShopify.com" : $"{handle}.myshopify.com";
        var nbf = now - random.Next(0, 50) + random.Next(0, 10); // up to 9 s ahead: within the skew
        var claims = new JsonObject
        {
            ["iss"] = $"https://{handle}.myshopify.com/admin",
            ["dest"] = $"https://{host}" + (random.Next(10) == 0 ? "/" : string.Empty),
            ["aud"] = random.Next(5) == 0 ? new JsonArray("other-app", ClientId) : ClientId,
            ["sub"] = random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            ["exp"] = nbf + 60,
            ["nbf"] = nbf,
            ["iat"] = nbf,
            ["jti"] = new Guid(Bytes(random, 16)).ToString(),
            ["sid"] = Convert.ToHexStringLower(Bytes(random, 32)),
        };

        if (random.Next(8) == 0)
        {
            claims.Remove("nbf");
        }

        return claims;
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomHandle(Random random)
    {
        const string first = "abcdefghijklmnopqrstuvwxyz0123456789";
        const string rest = first + "-";
        var length = random.Next(1, 30);
        var chars = new char[length];
        chars[0] = first[random.Next(first.Length)];
        for (var i = 1; i < length; i++)
        {
            chars[i] = rest[random.Next(rest.Length)];
        }

        return new string(chars);
    }

    private static string SignWithHeader(JsonObject claims, Random random, string secret)
    {
        var header = random.Next(6) == 0 ? """{"alg":"HS256"}""" : StandardHeader;
        var json = claims.ToJsonString();
        if (random.Next(2) == 0)
        {
            json = json.Replace("/", "\\/", StringComparison.Ordinal); // as Shopify sends them
        }

        return Sign(header, json, secret);
    }

    private static JsonObject MutateClaims(JsonObject claims, Random random, long now)
    {
        var handle = ((string)claims["iss"]!)["https://".Length..^".myshopify.com/admin".Length];
        switch (random.Next(30))
        {
            case 0: claims["aud"] = "other-app"; break;
            case 1: claims["aud"] = new JsonArray("other-app", ClientId + "x"); break;
            case 2: claims.Remove("aud"); break;
            case 3: claims["exp"] = now - 11 - random.Next(0, 1000); break; // beyond the skew
            case 4: claims["exp"] = now - random.Next(0, 10); claims["nbf"] = now - 60; break; // within the skew: valid
            case 5: claims["nbf"] = now + 11 + random.Next(0, 1000); claims["exp"] = now + 2000; break;
            case 6: claims["nbf"] = now + 5; claims["exp"] = now + 4; break; // nbf after exp
            case 7: claims.Remove("exp"); break;
            case 8: claims["iss"] = $"https://{RandomHandle(random)}x.myshopify.com/admin"; break;
            case 9: claims["iss"] = $"https://{handle}.example.com/admin"; break;
            case 10: claims["iss"] = $"https://{handle}.myshopify.com/checkouts"; break;
            case 11: claims.Remove("iss"); break;
            case 12: claims["iss"] = $"http://{handle}.myshopify.com/admin"; break;
            case 13: claims["dest"] = $"https://{handle}.example.com"; break;
            case 14: claims["dest"] = $"{handle}.myshopify.com"; break;
            case 15: claims["dest"] = $"https://{handle}.myshopify.com/admin"; break;
            case 16: claims.Remove("dest"); break;
            case 17: claims["dest"] = $"https://{handle}.myshopify.com.evil.com"; break;
            case 18: claims["sub"] = "abc"; break;
            case 19: claims["sub"] = $"gid://shopify/Customer/{random.Next(1, int.MaxValue)}"; break;
            case 20: claims["sub"] = "9223372036854775808"; break;
            case 21: claims["sub"] = "0" + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture); break;
            case 22: claims["sub"] = "0"; break;
            case 23: claims["sub"] = "-" + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture); break;
            case 24: claims.Remove("sub"); break;
            case 25: claims["sub"] = long.MaxValue.ToString(CultureInfo.InvariantCulture); break; // valid
            case 26: claims["iss"] = $"https://{handle.ToUpperInvariant()}.myshopify.com/admin"; break; // valid
            case 27: claims["aud"] = new JsonArray(ClientId); break; // valid
            case 28: claims.Remove("nbf"); claims["exp"] = now + 1; break; // valid
            default: claims["aud"] = ClientId.ToUpperInvariant(); break;
        }

        return claims;
    }

    private static string MutateAlgorithm(JsonObject claims, Random random)
    {
        var payload = Encode(claims.ToJsonString());
        switch (random.Next(7))
        {
            case 0:
                return Encode("""{"alg":"none","typ":"JWT"}""") + "." + payload + ".";
            case 1:
                return Sign("""{"alg":"none","typ":"JWT"}""", claims.ToJsonString(), Current);
            case 2:
                var input = Encode("""{"alg":"HS512","typ":"JWT"}""") + "." + payload;
                var mac = HMACSHA512.HashData(Encoding.UTF8.GetBytes(Current), Encoding.ASCII.GetBytes(input));
                return input + "." + Base64UrlEncoder.Encode(mac);
            case 3:
                return Sign("""{"alg":"RS256","typ":"JWT"}""", claims.ToJsonString(), Current);
            case 4:
                return Sign("""{"alg":"hs256","typ":"JWT"}""", claims.ToJsonString(), Current);
            case 5:
                return Sign("""{"typ":"JWT"}""", claims.ToJsonString(), Current);
            default:
                return Sign("""{"alg":"HS256","typ":"JWS"}""", claims.ToJsonString(), Current);
        }
    }

    private static string FlipCharacter(string token, Random random)
    {
        const string pool = Alphabet + "=+/. %é";
        var index = random.Next(token.Length);
        char replacement;
        do
        {
            replacement = pool[random.Next(pool.Length)];
        }
        while (replacement == token[index]);

        return string.Concat(token.AsSpan(0, index), replacement.ToString(), token.AsSpan(index + 1));
    }

    /// <summary>Sets some of the unused low bits of the last character of segment <paramref name="segment"/>.</summary>
    private static string FlipSpareBits(string token, int segment, Random random)
    {
        var parts = token.Split('.');
        parts[segment] = FlipSpareBitsOf(parts[segment], random);
        return string.Join('.', parts);
    }

    private static string FlipSpareBitsOf(string segment, Random random)
    {
        var spare = (segment.Length % 4) switch { 2 => 0b1111, 3 => 0b0011, _ => 0 };
        Assert.NotEqual(0, spare);
        var sextet = Alphabet.IndexOf(segment[^1], StringComparison.Ordinal);
        return segment[..^1] + Alphabet[sextet ^ random.Next(1, spare + 1)];
    }

    /// <summary>A token whose header or payload is spelled non-canonically and then correctly signed over that spelling.</summary>
    private static string ResignNonCanonical(JsonObject claims, Random random)
    {
        if (random.Next(3) == 0)
        {
            // 28 bytes: 38 characters, the last with 4 spare bits.
            var header = FlipSpareBitsOf(Encode("""{"alg":"HS256","typ":"JWT" }"""), random);
            return SignSegments(header, Encode(claims.ToJsonString()), Current);
        }

        string payload;
        var padding = 0;
        do
        {
            // Trailing spaces change the length until the payload segment has spare bits to set.
            payload = Encode(claims.ToJsonString() + new string(' ', padding++));
        }
        while (payload.Length % 4 == 0);

        return SignSegments(Encode(StandardHeader), FlipSpareBitsOf(payload, random), Current);
    }

    /// <summary>A valid token with one segment padded with '=', re-signed when the padding is in the signed part.</summary>
    private static string Pad(JsonObject claims, Random random)
    {
        static string PadSegment(string segment) => segment + new string('=', (4 - (segment.Length % 4)) % 4);
        var header = Encode(StandardHeader);
        var payload = Encode(claims.ToJsonString());
        for (var padding = 1; payload.Length % 4 == 0; padding++)
        {
            payload = Encode(claims.ToJsonString() + new string(' ', padding));
        }

        return random.Next(3) switch
        {
            0 => SignSegments(header, payload, Current) + "=",
            1 => SignSegments(header, PadSegment(payload), Current),
            _ => SignSegments(PadSegment(Encode("""{"alg":"HS256","typ":"JWT" }""")), payload, Current),
        };
    }

    private static string MutateStructure(string token, Random random)
    {
        var parts = token.Split('.');
        switch (random.Next(6))
        {
            case 0:
                var segment = random.Next(3);
                parts[segment] = parts[segment][..Math.Max(0, parts[segment].Length - random.Next(1, 4))];
                return string.Join('.', parts);
            case 1:
                return string.Join('.', parts.Take(2));
            case 2:
                return token + "." + parts[2];
            case 3:
                return parts[0] + "." + parts[2];
            case 4:
                return token[..random.Next(token.Length)];
            default:
                return random.Next(2) == 0 ? token + " " : " " + token;
        }
    }

    private static string Garbage(Random random)
    {
        const string pool = Alphabet + "..... =+/{}\"";
        var chars = new char[random.Next(1, 700)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = pool[random.Next(pool.Length)];
        }

        return new string(chars);
    }

    /// <summary>
    /// Three segments, each exactly what a base64url encoder produces for its own decoding. Decoded
    /// with <see cref="Convert.FromBase64String(string)"/>, which ignores spare bits, so that
    /// spelling variants of the same bytes are told apart from different bytes.
    /// </summary>
    private static bool IsCanonicalCompactJws(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && parts.All(part => LenientDecode(part) is { } bytes && Base64UrlEncoder.Encode(bytes) == part);
    }

    private static string Canonicalise(string token)
        => string.Join('.', token.Split('.').Select(part => Base64UrlEncoder.Encode(LenientDecode(part)!)));

    private static byte[]? LenientDecode(string part)
    {
        if (part.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)) || part.Length % 4 == 1)
        {
            return null;
        }

        var base64 = part.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (part.Length % 4)) % 4);
        return Convert.FromBase64String(base64);
    }
}
