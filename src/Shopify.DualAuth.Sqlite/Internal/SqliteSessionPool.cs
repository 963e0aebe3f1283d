namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>
/// Keeps a few open <see cref="SqliteSession"/>s for reuse; more are opened under load and closed
/// when the pool is full. Lock-free: a rent or return is one interlocked exchange when uncontended.
/// </summary>
internal sealed class SqliteSessionPool : IDisposable
{
    private readonly SqliteSession?[] _slots = new SqliteSession?[Math.Max(4, Environment.ProcessorCount * 2)];
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private volatile bool _disposed;

    public SqliteSessionPool(string connectionString, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        _busyTimeout = busyTimeout;
    }

    public SqliteSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.Exchange(ref _slots[i], null) is { } session)
            {
                return session;
            }
        }

        return SqliteSession.Open(_connectionString, _busyTimeout);
    }

    public void Return(SqliteSession session)
    {
        if (!_disposed)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], session, null) is null)
                {
                    // Dispose may have emptied the slots between the check and the store.
                    if (_disposed && Interlocked.Exchange(ref _slots[i], null) is { } late)
                    {
                        late.Dispose();
                    }

                    return;
                }
            }
        }

        session.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }
}
