using System.Security.Cryptography;
using System.Text;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

/// <summary>Reads redirect and query strings, and checks Shopify's query HMAC independently of the emulator.</summary>
public static class Callbacks
{
    public static Dictionary<string, string> Parse(Uri location) => ParseQuery(location.Query);

    public static Dictionary<string, string> ParseQuery(string query)
        => query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty));

    /// <summary>The documented check for values without reserved characters: sorted k=v joined with &amp;, hex HMAC.</summary>
    public static string ExpectedHmac(IReadOnlyDictionary<string, string> parameters, string secret = Harness.ClientSecret)
    {
        var message = string.Join('&', parameters.Where(p => p.Key != "hmac").Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }
}
