using System.Security.Cryptography;
using System.Text;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>
/// Shopify's side of the admin query-string HMAC (protocol §1.5), written independently of the
/// library's verifier so it can serve as a test oracle: every parameter but <c>hmac</c>, decoded
/// values, the documented escaping, <c>k=v</c> pairs sorted ordinally and joined with <c>&amp;</c>,
/// lower-case hex HMAC-SHA256 keyed with the client secret.
/// </summary>
internal static class QueryHmac
{
    public static string Compute(string secret, IEnumerable<KeyValuePair<string, string>> parameters)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(CanonicalMessage(parameters))));

    /// <summary>The exact string Shopify signs.</summary>
    public static string CanonicalMessage(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var pairs = new List<string>();
        var arrays = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var arrayOrder = new List<string>();
        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, "hmac", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.EndsWith("[]", StringComparison.Ordinal))
            {
                // Shopify's Ruby backend signs ids[]=2&ids[]=1 as ids=["2", "1"] (Array#inspect).
                var name = key.TrimEnd('[', ']');
                if (!arrays.TryGetValue(name, out var values))
                {
                    arrays[name] = values = [];
                    arrayOrder.Add(name);
                }

                values.Add(value);
                continue;
            }

            pairs.Add(Pair(key, value));
        }

        foreach (var name in arrayOrder)
        {
            pairs.Add(Pair(name, InspectArray(arrays[name])));
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join('&', pairs);
    }

    private static string Pair(string key, string value)
    {
        // The documented escaping keeps delimiters from being smuggled inside a key or value.
        var escapedKey = key.Replace("%", "%25", StringComparison.Ordinal).Replace("=", "%3D", StringComparison.Ordinal);
        var escapedValue = value.Replace("%", "%25", StringComparison.Ordinal);
        return string.Concat(escapedKey, "=", escapedValue).Replace("&", "%26", StringComparison.Ordinal);
    }

    private static string InspectArray(List<string> values)
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append('"');
            foreach (var c in values[i])
            {
                _ = c switch
                {
                    '"' => builder.Append("\\\""),
                    '\\' => builder.Append("\\\\"),
                    < ' ' or > '~' => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                    _ => builder.Append(c),
                };
            }

            builder.Append('"');
        }

        return builder.Append(']').ToString();
    }
}
