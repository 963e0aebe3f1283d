using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

/// <summary>A signed parameter list changed in one way, and the failure the verifier must report.</summary>
public sealed record Mutation(string Description, (string Key, string Value)[] Parameters, VerificationFailure Failure, string Parameter)
{
    public override string ToString() => Description;

    /// <summary>
    /// Every single change of a signed request: one character of any key or value, one parameter removed,
    /// one added (new or repeating an existing key), one hex digit of the digest.
    /// </summary>
    /// <param name="parameters">The signed request.</param>
    /// <param name="digestKey"><c>hmac</c> or <c>signature</c>.</param>
    /// <param name="mustBeUnique">Keys whose repetition is reported as <see cref="VerificationFailure.Duplicate"/>.</param>
    public static IEnumerable<Mutation> All((string Key, string Value)[] parameters, string digestKey, params string[] mustBeUnique)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var (key, value) = parameters[i];
            var isDigest = key == digestKey;
            for (var c = 0; c < key.Length; c++)
            {
                yield return new($"key {i} char {c}", Replace(parameters, i, (ChangeChar(key, c), value)),
                    isDigest ? VerificationFailure.Missing : VerificationFailure.Mismatch, digestKey);
            }

            for (var c = 0; c < value.Length; c++)
            {
                var changed = isDigest ? ChangeHexDigit(value, c) : ChangeChar(value, c);
                yield return new($"value {i} char {c}", Replace(parameters, i, (key, changed)), VerificationFailure.Mismatch, digestKey);
            }

            yield return new($"remove {i}", [.. parameters.Where((_, index) => index != i)],
                isDigest ? VerificationFailure.Missing : VerificationFailure.Mismatch, digestKey);

            var repeated = isDigest || mustBeUnique.Contains(key);
            yield return new($"repeat {i}", [.. parameters, (key, isDigest ? value : "1")],
                repeated ? VerificationFailure.Duplicate : VerificationFailure.Mismatch, repeated ? key : digestKey);
        }

        yield return new("add new", [.. parameters, ("added", "1")], VerificationFailure.Mismatch, digestKey);
        yield return new("add empty", [.. parameters, ("added", "")], VerificationFailure.Mismatch, digestKey);
    }

    /// <summary>Replaces the character (or surrogate pair) at <paramref name="index"/> with a different ASCII letter.</summary>
    public static string ChangeChar(string text, int index)
    {
        if (char.IsLowSurrogate(text[index]) && index > 0)
        {
            index--;
        }

        var length = char.IsHighSurrogate(text[index]) ? 2 : 1;
        var replacement = text[index] == 'x' ? "y" : "x";
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + length));
    }

    private static string ChangeHexDigit(string hex, int index)
        => string.Concat(hex.AsSpan(0, index), hex[index] == '0' ? "1" : "0", hex.AsSpan(index + 1));

    private static (string Key, string Value)[] Replace((string Key, string Value)[] parameters, int index, (string Key, string Value) parameter)
    {
        var copy = parameters.ToArray();
        copy[index] = parameter;
        return copy;
    }
}
