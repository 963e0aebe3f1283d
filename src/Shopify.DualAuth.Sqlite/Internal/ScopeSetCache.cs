using System.Collections.Concurrent;

namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>
/// Parsed scope sets by their stored text. An app's shops nearly all hold the same few scope
/// lists, so a read looks the set up instead of parsing it again. <see cref="ScopeSet"/> is
/// immutable, so sharing one instance is safe.
/// </summary>
internal sealed class ScopeSetCache
{
    private const int MaxEntries = 256;
    private readonly ConcurrentDictionary<string, ScopeSet> _sets = new(StringComparer.Ordinal);

    public ScopeSet Get(string stored)
    {
        if (_sets.TryGetValue(stored, out var set))
        {
            return set;
        }

        set = ScopeSet.Parse(stored);
        if (_sets.Count >= MaxEntries)
        {
            // Only an app with unusually varied grants gets here; starting over keeps memory bounded.
            _sets.Clear();
        }

        _sets.TryAdd(stored, set);
        return set;
    }
}
