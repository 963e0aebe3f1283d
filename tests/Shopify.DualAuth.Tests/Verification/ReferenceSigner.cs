using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>
/// Shopify's signing schemes written straight from protocol.md §1.5 and §7 with plain string
/// operations, independent of the production code, plus builders for the query forms the verifier
/// accepts.
/// </summary>
internal static class ReferenceSigner
{
    private static readonly Comparer<string> Utf8Order = Comparer<string>.Create(
        (a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    public static string Hmac(string secret, string message)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    /// <summary>The documented scheme, as shopify_python_api implements it.</summary>
    public static string LegacyQueryMessage(IEnumerable<(string Key, string Value)> parameters)
    {
        var pairs = Group(parameters.Where(p => p.Key is not ("hmac" or "signature"))).Select(group =>
        {
            var key = group.Key;
            string value;
            if (key.EndsWith("[]", StringComparison.Ordinal))
            {
                key = key[..^2];
                value = "[" + string.Join(", ", group.Values.Select(v => "\"" + v.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")) + "]";
            }
            else
            {
                value = string.Join(",", group.Values);
            }

            key = key.Replace("%", "%25").Replace("=", "%3D");
            value = value.Replace("%", "%25");
            return $"{key}={value}".Replace("&", "%26");
        });
        return string.Join("&", pairs.OrderBy(p => p, Utf8Order));
    }

    /// <summary>shopify-app-js's scheme: URLSearchParams encoding, spaces as %20, ordered by key.</summary>
    public static string FormEncodedQueryMessage(IEnumerable<(string Key, string Value)> parameters)
    {
        var pairs = Group(parameters.Where(p => p.Key is not ("hmac" or "signature")))
            .Select(g => (g.Key, g.Values, IsArray: g.Key.EndsWith("[]", StringComparison.Ordinal)))
            .Select(g => (g.Key, g.Values, g.IsArray, Name: g.IsArray ? g.Key[..^2] : g.Key))
            .OrderBy(g => g.Name, Utf8Order)
            .ThenBy(g => g.IsArray)
            .SelectMany(g => g.IsArray
                ? g.Values.Select(v => FormEncode(g.Key) + "=" + FormEncode(v))
                : [FormEncode(g.Key) + "=" + FormEncode(string.Join(",", g.Values))]);
        return string.Join("&", pairs);
    }

    /// <summary>The app-proxy scheme of §7.</summary>
    public static string AppProxyMessage(IEnumerable<(string Key, string Value)> parameters)
        => string.Concat(Group(parameters.Where(p => p.Key != "signature"))
            .Select(g => $"{g.Key}={string.Join(",", g.Values)}")
            .OrderBy(p => p, Utf8Order));

    /// <summary>A raw query string: every key and value percent-encoded, spaces as <c>%20</c> or <c>+</c>.</summary>
    public static string RawQuery(IEnumerable<(string Key, string Value)> parameters, bool plusForSpace = false)
        => string.Join("&", parameters.Select(p => Escape(p.Key, plusForSpace) + "=" + Escape(p.Value, plusForSpace)));

    /// <summary>What ASP.NET Core's <c>Request.Query</c> would hold: values grouped by key in arrival order.</summary>
    public static List<KeyValuePair<string, StringValues>> Collection(IEnumerable<(string Key, string Value)> parameters)
        => Group(parameters).Select(g => new KeyValuePair<string, StringValues>(g.Key, new StringValues([.. g.Values]))).ToList();

    private static string Escape(string text, bool plusForSpace)
    {
        var escaped = Uri.EscapeDataString(text);
        return plusForSpace ? escaped.Replace("%20", "+") : escaped;
    }

    private static string FormEncode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '*' or '-' or '.' or '_')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static List<(string Key, List<string> Values)> Group(IEnumerable<(string Key, string Value)> parameters)
    {
        var groups = new List<(string Key, List<string> Values)>();
        foreach (var (key, value) in parameters)
        {
            var index = groups.FindIndex(g => g.Key == key);
            if (index < 0)
            {
                groups.Add((key, [value]));
            }
            else
            {
                groups[index].Values.Add(value);
            }
        }

        return groups;
    }
}
