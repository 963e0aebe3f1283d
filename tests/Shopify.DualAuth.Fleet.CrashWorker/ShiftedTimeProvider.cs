namespace Shopify.DualAuth.Fleet.CrashWorker;

/// <summary>
/// The system clock moved by an offset that can change: "now" jumps ahead when a test needs tokens
/// to come due, while timers, delays and timeouts keep running in real time.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset = default) : TimeProvider
{
    private long _offsetTicks = offset.Ticks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
