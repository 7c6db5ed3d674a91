using Albumi.Silo.Runtime;

namespace Albumi.Tests.Runtime;

public sealed class GrainCallStatsTests
{
    [Fact]
    public void PercentilesComeFromTheIntervalsCallsAndNeverUnderstateALatency()
    {
        var stats = new GrainCallStats();
        stats.Record("IOld", TimeSpan.FromSeconds(5), failed: false);
        var start = stats.Take();
        for (var i = 0; i < 90; i++)
        {
            stats.Record("IAccountGrain", TimeSpan.FromMilliseconds(1), failed: false);
        }

        for (var i = 0; i < 10; i++)
        {
            stats.Record("IAccountGrain", TimeSpan.FromMilliseconds(100), failed: i == 0);
        }

        var window = GrainCallStats.Between(start, stats.Take(), seconds: 4)["IAccountGrain"];

        Assert.Equal(100, window.Calls);
        Assert.Equal(1, window.Failures);
        Assert.Equal(25, window.PerSecond);
        Assert.InRange(window.P50Ms, 1, 1.25);
        Assert.InRange(window.P95Ms, 100, 125);
        Assert.InRange(window.P99Ms, 100, 125);
    }

    [Fact]
    public void AGrainTypeWithoutCallsInTheIntervalIsLeftOut()
    {
        var stats = new GrainCallStats();
        stats.Record("IWorkspaceGrain", TimeSpan.FromMilliseconds(2), failed: false);
        var snapshot = stats.Take();

        Assert.Empty(GrainCallStats.Between(snapshot, stats.Take(), seconds: 10));
        Assert.Equal(1, GrainCallStats.Between(GrainCallStats.Snapshot.Empty, snapshot, seconds: 10)["IWorkspaceGrain"].Calls);
    }

    [Fact]
    public void ACallSlowerThanTheLastBucketIsCountedAtTheLastBound()
    {
        var stats = new GrainCallStats();
        stats.Record("ISlowGrain", TimeSpan.FromMinutes(10), failed: true);

        var window = GrainCallStats.Between(GrainCallStats.Snapshot.Empty, stats.Take(), seconds: 1)["ISlowGrain"];

        Assert.Equal(1, window.Calls);
        Assert.Equal(Math.Round(GrainCallStats.BucketBounds[^1], 3), window.P99Ms);
    }
}
