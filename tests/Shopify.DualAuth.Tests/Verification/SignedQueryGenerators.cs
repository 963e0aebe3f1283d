using CsCheck;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>CsCheck generators of parameter sets full of the characters signing schemes trip over.</summary>
internal static class SignedQueryGenerators
{
    private static readonly string[] Pieces =
    [
        "a", "b", "z", "A", "Q", "0", "9", " ", "  ", "&", "=", "%", "+", "?", "#", "/", ":", ",", ";", "\"", "\\", "'",
        "[", "]", "[]", "-", "_", ".", "*", "~", "!", "é", "ß", "日本", "🎉", "%20", "%25", "%3D", "\t", "ids",
    ];

    private static readonly string[] Reserved = ["hmac", "signature", "shop", "timestamp", "logged_in_customer_id", "path_prefix", "added"];

    public static Gen<string> Text(int min, int max) => Gen.OneOfConst(Pieces).Array[min, max].Select(pieces => string.Concat(pieces));

    /// <summary>Keys (sometimes array keys) that never collide with a parameter the verifiers interpret.</summary>
    public static readonly Gen<string> Key = Gen.Select(Text(0, 4), Gen.Bool, (key, isArray) => isArray ? key + "[]" : key)
        .Where(key => !Reserved.Contains(key));

    /// <summary>Zero to six application parameters; keys repeat now and then.</summary>
    public static readonly Gen<(string Key, string Value)[]> Extras = Gen.Select(Key, Text(0, 5)).Array[0, 6]
        .Select(extras => extras.Select((p, i) => i > 0 && p.Item2.Length % 4 == 0 ? (extras[i - 1].Item1, p.Item2) : p).ToArray());

    /// <summary>Inserts <paramref name="parameter"/> into <paramref name="parameters"/> at a position chosen by <paramref name="seed"/>.</summary>
    public static (string Key, string Value)[] InsertAt((string Key, string Value)[] parameters, (string Key, string Value) parameter, int seed)
    {
        var list = parameters.ToList();
        list.Insert(seed % (list.Count + 1), parameter);
        return [.. list];
    }

    public static string Describe((string Key, string Value)[] parameters)
        => string.Join(" ", parameters.Select(p => $"[{p.Key}]=[{p.Value}]"));
}
