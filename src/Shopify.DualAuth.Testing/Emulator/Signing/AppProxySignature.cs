using System.Security.Cryptography;
using System.Text;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>
/// Shopify's side of the app-proxy signature (protocol §7): every parameter but <c>signature</c>,
/// repeated keys joined with <c>,</c> in arrival order, decoded <c>k=v</c> strings sorted ordinally
/// and concatenated with no separator, lower-case hex HMAC-SHA256 keyed with the client secret.
/// </summary>
internal static class AppProxySignature
{
    public static string Compute(string secret, IEnumerable<KeyValuePair<string, string>> parameters)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(CanonicalMessage(parameters))));

    public static string CanonicalMessage(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var grouped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, "signature", StringComparison.Ordinal))
            {
                continue;
            }

            if (!grouped.TryGetValue(key, out var values))
            {
                grouped[key] = values = [];
            }

            values.Add(value);
        }

        var pairs = grouped.Select(entry => string.Concat(entry.Key, "=", string.Join(',', entry.Value))).ToList();
        pairs.Sort(StringComparer.Ordinal);
        return string.Concat(pairs);
    }
}
