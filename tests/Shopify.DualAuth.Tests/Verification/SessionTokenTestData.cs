using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>Builds and signs session tokens for tests, independently of the library's own decoding.</summary>
internal static class SessionTokenTestData
{
    /// <summary>The protocol.md §10.4 vector (secret <c>hush</c>, client ID <c>client-id-123</c>).</summary>
    public const string VectorToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3Nob3AtbmFtZS5teXNob3BpZnkuY29tL2FkbWluIiwiZGVzdCI6Imh0dHBzOi8vc2hvcC1uYW1lLm15c2hvcGlmeS5jb20iLCJhdWQiOiJjbGllbnQtaWQtMTIzIiwic3ViIjoiNDIiLCJleHAiOjE1OTE3NjUwNTgsIm5iZiI6MTU5MTc2NDk5OCwiaWF0IjoxNTkxNzY0OTk4LCJqdGkiOiJmODkxMjEyOS0xYWY2LTRjYWQtOWNhMy03NmIwZjc2MjEwODciLCJzaWQiOiJhYWVhMTgyZjI3MzJkNDRjMjMwNTdjMGZlYTU4NDAyMWE0NDg1YjJiZDI1ZDNlYjdmZDM0OTMxM2FkMjRjNjg1In0.ElIz04SqTNsSxFsv0eLbU90uxgYowinKZz0tHZnX6q0";

    public const string VectorSecret = "hush";
    public const string VectorClientId = "client-id-123";
    public const long VectorExp = 1591765058;
    public const long VectorNbf = 1591764998;

    public const string StandardHeader = """{"alg":"HS256","typ":"JWT"}""";

    public static ShopifyAppOptions Options(string secret = VectorSecret, string clientId = VectorClientId, params string[] previous)
    {
        var options = new ShopifyAppOptions { ClientId = clientId, ClientSecret = secret };
        foreach (var p in previous)
        {
            options.PreviousClientSecrets.Add(p);
        }

        return options;
    }

    /// <summary>The claims of a valid admin token for <c>shop-name</c>, user 42, living from <paramref name="now"/> for a minute.</summary>
    public static JsonObject Claims(long now, string shop = "shop-name", string clientId = VectorClientId) => new()
    {
        ["iss"] = $"https://{shop}.myshopify.com/admin",
        ["dest"] = $"https://{shop}.myshopify.com",
        ["aud"] = clientId,
        ["sub"] = "42",
        ["exp"] = now + 60,
        ["nbf"] = now,
        ["iat"] = now,
        ["jti"] = "f8912129-1af6-4cad-9ca3-76b0f7621087",
        ["sid"] = "aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685",
    };

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string Sign(JsonObject claims, string secret = VectorSecret, string header = StandardHeader)
        => Sign(header, claims.ToJsonString(), secret);

    public static string Sign(string headerJson, string payloadJson, string secret)
        => SignSegments(Encode(headerJson), Encode(payloadJson), secret);

    /// <summary>Signs already-encoded segments as they are (they need not be canonical).</summary>
    public static string SignSegments(string header, string payload, string secret)
    {
        var signingInput = header + "." + payload;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Replaces the character at <paramref name="index"/> of segment <paramref name="segment"/> (0 header, 1 payload, 2 signature; negative index counts from the end).</summary>
    public static string ReplaceInSegment(string token, int segment, int index, char replacement)
    {
        var parts = token.Split('.');
        var part = parts[segment];
        var at = index < 0 ? part.Length + index : index;
        parts[segment] = string.Concat(part.AsSpan(0, at), replacement.ToString(), part.AsSpan(at + 1));
        return string.Join('.', parts);
    }

    /// <summary>A clock the test sets freely, backwards included (FakeTimeProvider refuses to go back).</summary>
    internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public static ManualClock AtUnix(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

        public void SetUnix(long seconds) => Now = DateTimeOffset.FromUnixTimeSeconds(seconds);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>An options monitor whose value the test replaces, as a configuration reload would.</summary>
    internal sealed class OptionsMonitor(ShopifyAppOptions value) : IOptionsMonitor<ShopifyAppOptions>
    {
        public ShopifyAppOptions CurrentValue { get; set; } = value;

        public ShopifyAppOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ShopifyAppOptions, string?> listener) => null;
    }
}
