using System.Security.Cryptography;

namespace Shopify.DualAuth.Internal;

/// <summary>
/// One HMAC-SHA256 key with a small pool of keyed <see cref="IncrementalHash"/> instances, so that a
/// verification reuses the keyed state instead of re-deriving it, and allocates nothing.
/// </summary>
internal sealed class HmacSha256Key : IDisposable
{
    /// <summary>The size of an HMAC-SHA256 digest in bytes.</summary>
    public const int HashSize = 32;

    private readonly byte[] _key;
    private readonly IncrementalHash?[] _pool = new IncrementalHash?[Math.Max(4, Environment.ProcessorCount * 2)];
    private IncrementalHash? _fast;

    public HmacSha256Key(byte[] key) => _key = key;

    /// <summary>Takes a keyed hash ready for <see cref="IncrementalHash.AppendData(ReadOnlySpan{byte})"/>; give it back with <see cref="Return"/>.</summary>
    public IncrementalHash Rent()
    {
        var hash = Interlocked.Exchange(ref _fast, null);
        if (hash is not null)
        {
            return hash;
        }

        for (var i = 0; i < _pool.Length; i++)
        {
            hash = Interlocked.Exchange(ref _pool[i], null);
            if (hash is not null)
            {
                return hash;
            }
        }

        return IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
    }

    /// <summary>Returns a hash taken with <see cref="Rent"/>. It must have been reset (by <c>GetHashAndReset</c>).</summary>
    public void Return(IncrementalHash hash)
    {
        if (Interlocked.CompareExchange(ref _fast, hash, null) is null)
        {
            return;
        }

        for (var i = 0; i < _pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _pool[i], hash, null) is null)
            {
                return;
            }
        }

        hash.Dispose();
    }

    /// <summary>Computes the HMAC of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = Rent();
        try
        {
            hash.AppendData(data);
            hash.GetHashAndReset(destination);
        }
        catch
        {
            hash.Dispose();
            throw;
        }

        Return(hash);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Interlocked.Exchange(ref _fast, null)?.Dispose();
        for (var i = 0; i < _pool.Length; i++)
        {
            Interlocked.Exchange(ref _pool[i], null)?.Dispose();
        }
    }
}
