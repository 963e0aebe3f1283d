using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>
/// How the emulated <c>access_token</c> endpoint judges a token-exchange subject: HS256 only, signed
/// with the app secret, <c>nbf &lt;= now &lt; exp</c> (Shopify's own clock, so no leeway),
/// <c>aud</c> is the app, <c>dest</c> and <c>iss</c> name the shop being addressed, <c>sub</c> is a
/// numeric staff user id. Never throws for a malformed token.
/// </summary>
internal static class SessionTokenReader
{
    /// <summary>The user the token speaks for, or <see langword="null"/> when Shopify would reject it.</summary>
    public static long? Validate(string? token, ShopDomain shop, string clientId, string clientSecret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !HasHs256Header(parts[0]) || !HasValidSignature(parts, clientSecret))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var claims = payload.RootElement;
            var nowSeconds = UnixTime.Seconds(now);
            var dest = $"https://{shop.Value}";
            var valid = claims.ValueKind == JsonValueKind.Object
                && TryGetSeconds(claims, "exp", out var exp) && nowSeconds < exp
                && TryGetSeconds(claims, "nbf", out var nbf) && nbf <= nowSeconds
                && HasAudience(claims, clientId)
                && StringClaim(claims, "dest") == dest
                && StringClaim(claims, "iss") == dest + "/admin";
            return valid && long.TryParse(StringClaim(claims, "sub"), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
                ? userId
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static bool HasHs256Header(string encodedHeader)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(encodedHeader));
            return header.RootElement.ValueKind == JsonValueKind.Object && StringClaim(header.RootElement, "alg") == "HS256";
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private static bool HasValidSignature(string[] parts, string clientSecret)
    {
        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1])));
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    private static bool TryGetSeconds(JsonElement claims, string name, out long seconds)
    {
        seconds = 0;
        return claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out seconds);
    }

    private static bool HasAudience(JsonElement claims, string clientId)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == clientId,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == clientId),
            _ => false,
        };
    }

    private static string? StringClaim(JsonElement claims, string name)
        => claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
