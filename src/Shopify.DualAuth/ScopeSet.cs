using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth;

/// <summary>
/// An immutable set of Shopify access scopes (<c>read_products</c>, <c>write_orders</c>, ...),
/// parsed from Shopify's comma-separated form and kept in ordinal order.
/// </summary>
/// <remarks>
/// A write scope implies its read scope (<c>write_products</c> grants <c>read_products</c>), for the
/// plain, <c>unauthenticated_</c> and <c>customer_</c> families, as Shopify documents. Use
/// <see cref="Covers"/> to check a grant against what the app requires.
/// </remarks>
public sealed class ScopeSet : IReadOnlyCollection<string>, IEquatable<ScopeSet>
{
    private static readonly string[] ImplyingPrefixes = ["", "unauthenticated_", "customer_"];
    private readonly string[] _scopes;

    private ScopeSet(string[] sortedDistinct) => _scopes = sortedDistinct;

    /// <summary>The empty set.</summary>
    public static ScopeSet Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _scopes.Length;

    /// <summary>Parses Shopify's comma-separated scope list. Blank entries and surrounding spaces are ignored.</summary>
    /// <param name="scopes">For example <c>write_orders,read_customers</c>.</param>
    /// <returns>The parsed set.</returns>
    /// <exception cref="FormatException">An entry holds a character other than a-z, 0-9 or '_'.</exception>
    public static ScopeSet Parse(string? scopes)
        => TryParse(scopes, out var set, out var bad) ? set
            : throw new FormatException($"'{bad}' is not a Shopify access scope: scopes hold only the letters a-z, digits and '_' (for example 'read_products'), separated by commas.");

    /// <summary>Tries to parse Shopify's comma-separated scope list.</summary>
    /// <param name="scopes">For example <c>write_orders,read_customers</c>.</param>
    /// <param name="set">The parsed set, or <see langword="null"/>.</param>
    /// <returns>Whether every entry is a well-formed scope.</returns>
    public static bool TryParse(string? scopes, [NotNullWhen(true)] out ScopeSet? set) => TryParse(scopes, out set, out _);

    /// <summary>Creates a set from individual scope handles.</summary>
    /// <param name="scopes">Scope handles such as <c>read_products</c>.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">A handle is malformed.</exception>
    public static ScopeSet From(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return Parse(string.Join(',', scopes));
    }

    /// <summary>Whether the set holds <paramref name="scope"/> itself (no implication).</summary>
    /// <param name="scope">A scope handle.</param>
    /// <returns><see langword="true"/> when the handle is in the set.</returns>
    public bool Contains(string scope) => Array.BinarySearch(_scopes, scope, StringComparer.Ordinal) >= 0;

    /// <summary>Whether <paramref name="scope"/> is granted, directly or implied by its write scope.</summary>
    /// <param name="scope">A scope handle.</param>
    /// <returns><see langword="true"/> when the scope is granted.</returns>
    public bool Grants(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (Contains(scope))
        {
            return true;
        }

        foreach (var prefix in ImplyingPrefixes)
        {
            var read = prefix + "read_";
            if (scope.StartsWith(read, StringComparison.Ordinal) && Contains(string.Concat(prefix, "write_", scope.AsSpan(read.Length))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every scope in <paramref name="required"/> is granted by this set.</summary>
    /// <param name="required">The scopes the app needs.</param>
    /// <returns><see langword="true"/> when nothing is missing.</returns>
    public bool Covers(ScopeSet required)
    {
        ArgumentNullException.ThrowIfNull(required);
        foreach (var scope in required._scopes)
        {
            if (!Grants(scope))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The scopes of <paramref name="required"/> that this set does not grant.</summary>
    /// <param name="required">The scopes the app needs.</param>
    /// <returns>The missing scopes; empty when <see cref="Covers"/> is true.</returns>
    public ScopeSet Missing(ScopeSet required)
    {
        ArgumentNullException.ThrowIfNull(required);
        var missing = required._scopes.Where(s => !Grants(s)).ToArray();
        return missing.Length == 0 ? Empty : new ScopeSet(missing);
    }

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_scopes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(ScopeSet? other) => other is not null && _scopes.AsSpan().SequenceEqual(other._scopes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ScopeSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var scope in _scopes)
        {
            hash.Add(scope, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The scopes in Shopify's comma-separated form, in ordinal order.</summary>
    /// <returns>For example <c>read_customers,write_orders</c>.</returns>
    public override string ToString() => string.Join(',', _scopes);

    private static bool TryParse(string? scopes, [NotNullWhen(true)] out ScopeSet? set, out string? bad)
    {
        set = null;
        bad = null;
        if (string.IsNullOrWhiteSpace(scopes))
        {
            set = Empty;
            return true;
        }

        var parsed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in scopes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var c in part)
            {
                if (!(char.IsAsciiLetter(c) || char.IsAsciiDigit(c) || c == '_'))
                {
                    bad = part;
                    return false;
                }
            }

            parsed.Add(part.ToLowerInvariant());
        }

        set = parsed.Count == 0 ? Empty : new ScopeSet([.. parsed]);
        return true;
    }
}
