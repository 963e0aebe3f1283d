namespace Shopify.DualAuth.Testing.Emulator.Recording;

/// <summary>The append-only list behind <see cref="ShopifyEmulator.Requests"/> and <see cref="ShopifyEmulator.Counters"/>.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<EmulatorRequest> _entries = [];

    public void Add(EmulatorRequest entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    public IReadOnlyList<EmulatorRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
