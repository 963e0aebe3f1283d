using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>
/// The token last decrypted from each row, with the protected bytes it came from. A read whose
/// row still holds exactly those bytes (and the same plain columns, which the caller compares)
/// skips decryption: identical ciphertext can only decrypt to the identical token, so a hit never
/// serves anything a fresh decryption would not. A row written since, by any process, holds new
/// ciphertext (Data Protection never repeats one) and misses.
/// </summary>
internal sealed class DecryptedTokenCache<TKey, TToken>
    where TKey : notnull
    where TToken : class
{
    // Bounds memory (and the tokens held in it) for apps with very many shops or users.
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public bool TryGet(TKey key, byte[] stored, [NotNullWhen(true)] out TToken? token)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Stored.AsSpan().SequenceEqual(stored))
        {
            token = entry.Token;
            return true;
        }

        token = null;
        return false;
    }

    public void Set(TKey key, byte[] stored, TToken token)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(stored, token);
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _entries.Keys)
        {
            if (match(key))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(byte[] Stored, TToken Token);
}
