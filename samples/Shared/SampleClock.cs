namespace Samples.Shared;

/// <summary>
/// The wall clock plus an offset the demo can move forward, shared by the app and the emulator so
/// "an hour later" (an expired offline token, a refresh) can be shown without waiting. Emulator mode only.
/// </summary>
internal sealed class SampleClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
