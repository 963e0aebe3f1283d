namespace Shopify.DualAuth.Testing.Storage;

/// <summary>
/// The clock a store under test is given: it starts at the real time (so server-side TTLs derived
/// from it stay meaningful) truncated to the millisecond, and moves only when a check advances it.
/// </summary>
internal sealed class ConformanceClock : TimeProvider
{
    private long _utcTicks;

    public ConformanceClock()
    {
        var now = DateTimeOffset.UtcNow;
        _utcTicks = now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond);
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
