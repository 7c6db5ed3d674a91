using Albumi.Grains.Time;

namespace Albumi.Tests.Infrastructure;

/// <summary>A clock the test moves by hand. Timers still tick in real time; only "now" is the test's.</summary>
public sealed class TestClock(DateTimeOffset start) : AlbumiClock
{
    private long _ticks = start.UtcTicks;

    public TestClock()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
