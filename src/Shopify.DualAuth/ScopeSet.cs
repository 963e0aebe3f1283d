using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth;

/// <summary>
/// An immutable set of Shopify access scopes (<c>read_products</c>, <c>write_orders</c>, ...),
/// parsed from Shopify's comma-separated form, lower-cased and kept in ordinal order.
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

    /// <summary>
    /// Parses Shopify's comma-separated scope list. Blank entries, surrounding spaces and duplicates
    /// are ignored; upper-case letters are lower-cased.
    /// </summary>
    /// <param name="scopes">For example <c>write_orders,read_customers</c>.</param>
    /// <returns>The parsed set.</returns>
    /// <exception cref="FormatException">An entry holds a character other than ASCII letters, digits or '_'.</exception>
    public static ScopeSet Parse(string? scopes)
        => TryParse(scopes, out var set, out var badEntry) ? set : throw MalformedScope(badEntry);

    /// <summary>Tries to parse Shopify's comma-separated scope list.</summary>
    /// <param name="scopes">For example <c>write_orders,read_customers</c>.</param>
    /// <param name="set">The parsed set, or <see langword="null"/>.</param>
    /// <returns>Whether every entry is a well-formed scope.</returns>
    public static bool TryParse(string? scopes, [NotNullWhen(true)] out ScopeSet? set) => TryParse(scopes, out set, out _);

    /// <summary>Creates a set from individual scope handles.</summary>
    /// <param name="scopes">Scope handles such as <c>read_products</c>, one per element.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">A handle is null, blank, a comma-separated list or otherwise malformed.</exception>
    public static ScopeSet From(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var parsed = new SortedSet<string>(StringComparer.Ordinal);
        var entry = 0;
        foreach (var scope in scopes)
        {
            entry++;
            if (scope is null || !IsScope(scope))
            {
                throw MalformedScope(entry);
            }

            parsed.Add(scope.ToLowerInvariant());
        }

        return parsed.Count == 0 ? Empty : new ScopeSet([.. parsed]);
    }

    /// <summary>Whether the set holds <paramref name="scope"/> itself (no implication).</summary>
    /// <param name="scope">A lower-case scope handle; the comparison is ordinal.</param>
    /// <returns><see langword="true"/> when the handle is in the set.</returns>
    public bool Contains(string scope) => Array.BinarySearch(_scopes, scope, StringComparer.Ordinal) >= 0;

    /// <summary>Whether <paramref name="scope"/> is granted, directly or implied by its write scope.</summary>
    /// <param name="scope">A lower-case scope handle; the comparison is ordinal.</param>
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

    // badEntry is the 1-based position of the first malformed entry, counting blank ones, so the
    // message can point at it without repeating text that may hold anything (CR/LF, a pasted secret).
    private static bool TryParse(string? scopes, [NotNullWhen(true)] out ScopeSet? set, out int badEntry)
    {
        set = null;
        badEntry = 0;
        if (string.IsNullOrWhiteSpace(scopes))
        {
            set = Empty;
            return true;
        }

        var parsed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in scopes.Split(',', StringSplitOptions.TrimEntries))
        {
            badEntry++;
            if (part.Length == 0)
            {
                continue;
            }

            if (!IsScope(part))
            {
                return false;
            }

            parsed.Add(part.ToLowerInvariant());
        }

        badEntry = 0;
        set = parsed.Count == 0 ? Empty : new ScopeSet([.. parsed]);
        return true;
    }

    private static bool IsScope(string scope)
    {
        if (scope.Length == 0)
        {
            return false;
        }

        foreach (var c in scope)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static FormatException MalformedScope(int entry)
        => new($"Entry {entry.ToString(System.Globalization.CultureInfo.InvariantCulture)} of the scope list is not a Shopify access scope: scopes hold only letters, digits and '_' (for example 'read_products'), separated by commas.");
}
