using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>
/// Mints App Bridge session tokens as Shopify does (protocol §5.1–5.2): header
/// <c>{"alg":"HS256","typ":"JWT"}</c>, compact claims <c>iss, dest, aud, sub, exp, nbf, iat, jti, sid</c>
/// in that order, HMAC-SHA256 over <c>header.payload</c>, base64url without padding.
/// </summary>
internal static class SessionTokenWriter
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    public static string Write(SessionTokenClaims claims, string signingSecret)
    {
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", $"https://{claims.Shop.Value}/admin");
            json.WriteString("dest", $"https://{claims.Shop.Value}");
            json.WriteString("aud", claims.Audience);
            json.WriteString("sub", claims.UserId.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("exp", UnixTime.Seconds(claims.ExpiresAt));
            json.WriteNumber("nbf", UnixTime.Seconds(claims.NotBefore));
            json.WriteNumber("iat", UnixTime.Seconds(claims.IssuedAt));
            json.WriteString("jti", claims.TokenId);
            json.WriteString("sid", claims.SessionId);
            json.WriteEndObject();
        }

        var signingInput = string.Concat(EncodedHeader, ".", Base64Url.EncodeToString(payload.WrittenSpan));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.ASCII.GetBytes(signingInput));
        return string.Concat(signingInput, ".", Base64Url.EncodeToString(signature));
    }
}
