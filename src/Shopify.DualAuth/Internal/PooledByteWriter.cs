using System.Buffers;

namespace Shopify.DualAuth.Internal;

/// <summary>
/// An append-only byte buffer that starts in caller-provided (usually stack) memory and moves to
/// <see cref="ArrayPool{T}"/> arrays only when that is too small, so building a message allocates
/// nothing in steady state. Call <see cref="Dispose"/> to give a rented array back.
/// </summary>
internal ref struct PooledByteWriter
{
    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;

    public PooledByteWriter(Span<byte> initialBuffer)
    {
        _buffer = initialBuffer;
        _rented = null;
        _length = 0;
    }

    /// <summary>The number of bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Everything written so far. Invalidated by the next write that has to grow the buffer.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._length];

    public void Write(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    public void Write(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > _buffer.Length - _length)
        {
            Grow(value.Length);
        }

        value.CopyTo(_buffer[_length..]);
        _length += value.Length;
    }

    /// <summary>Appends a copy of bytes already written; safe even when the buffer has to grow.</summary>
    public void WriteFromSelf(int start, int length)
    {
        if (length > _buffer.Length - _length)
        {
            Grow(length);
        }

        _buffer.Slice(start, length).CopyTo(_buffer[_length..]);
        _length += length;
    }

    /// <summary>Returns at least <paramref name="sizeHint"/> writable bytes; commit them with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (sizeHint > _buffer.Length - _length)
        {
            Grow(sizeHint);
        }

        return _buffer[_length..];
    }

    public void Advance(int count) => _length += count;

    public void Dispose()
    {
        if (_rented is not null)
        {
            ReturnCleared(_rented, _length);
            _rented = null;
        }

        _buffer = default;
        _length = 0;
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + needed, _buffer.Length * 2));
        _buffer[.._length].CopyTo(larger);
        if (_rented is not null)
        {
            ReturnCleared(_rented, _length);
        }

        _rented = larger;
        _buffer = larger;
    }

    // Messages hold request data such as authorization codes; do not leave them in the shared pool.
    private static void ReturnCleared(byte[] array, int used)
    {
        array.AsSpan(0, Math.Min(used, array.Length)).Clear();
        ArrayPool<byte>.Shared.Return(array);
    }
}
