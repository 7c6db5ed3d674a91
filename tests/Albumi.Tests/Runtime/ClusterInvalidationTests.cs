using Albumi.Grains;
using Albumi.Silo.Cluster;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Runtime.TestGrains;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Albumi.Tests.Runtime;

public sealed class ClusterInvalidationTests() : ClusterTest(2)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    [Fact]
    public async Task ChangeOnOneNodeDropsTheOtherNodesActivationWithinTheBound()
    {
        var workspace = Guid.NewGuid();
        await A.Runtime.GetGrain<ISettingGrain>(workspace).SetAsync("dark");
        Assert.Equal("dark", await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync());

        await A.Runtime.GetGrain<ISettingGrain>(workspace).SetAsync("light");

        await Eventually.TrueAsync(() => !B.Runtime.IsActive(GrainId.For<ISettingGrain>(workspace)), Bound, "B dropped its stale activation");
        Assert.Equal("light", await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync());
    }

    [Fact]
    public async Task TheWritersOwnActivationSurvivesItsOwnNotice()
    {
        var workspace = Guid.NewGuid();
        var marker = Guid.NewGuid();
        await A.Runtime.GetGrain<ISettingGrain>(workspace).SetAsync("dark");
        await A.Runtime.GetGrain<ISettingGrain>(marker).GetAsync();

        await A.Runtime.GetGrain<ISettingGrain>(workspace).SetAsync("light");
        // Notices reach A in commit order: once A has dropped the marker B changed afterwards, A has seen its own notice.
        await B.Runtime.GetGrain<ISettingGrain>(marker).SetAsync("any");
        await Eventually.TrueAsync(() => !A.Runtime.IsActive(GrainId.For<ISettingGrain>(marker)), Bound, "A processed the later notice");

        Assert.True(A.Runtime.IsActive(GrainId.For<ISettingGrain>(workspace)));
        Assert.Equal("light", await A.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync());
        Assert.Equal(1, Probe.For(workspace.ToString()).Activations);
    }

    [Fact]
    public async Task ChangeAnnouncedForAnotherGrainIsSeenOnTheWritingNodeAtOnce()
    {
        var writer = Guid.NewGuid();
        var changed = Guid.NewGuid();
        await A.Runtime.GetGrain<ISettingGrain>(changed).SetAsync("before");
        Assert.Equal("before", await B.Runtime.GetGrain<ISettingGrain>(changed).GetAsync());

        await A.Runtime.GetGrain<ISettingGrain>(writer).SetOtherAsync(changed, "after");

        // No waiting on A: the writing node drops its own activation when the writer's turn ends.
        Assert.Equal("after", await A.Runtime.GetGrain<ISettingGrain>(changed).GetAsync());
        await Eventually.TrueAsync(() => !B.Runtime.IsActive(GrainId.For<ISettingGrain>(changed)), Bound, "B dropped its stale activation");
        Assert.Equal("after", await B.Runtime.GetGrain<ISettingGrain>(changed).GetAsync());
    }

    [Fact]
    public async Task NodeThatLostItsListenConnectionDropsEverythingCachedAndLogsIt()
    {
        var key = Guid.NewGuid().ToString("N");
        await B.Runtime.GetGrain<ILifecycleGrain>(key).CountCallsAsync();
        var connectionsBefore = B.Listener.Connections;

        await using (var owner = await TestPostgres.OpenAsync(Cluster.Database.OwnerConnectionString))
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", owner))
        {
            kill.Parameters.AddWithValue(ClusterChangeListener.ApplicationName(B.Runtime.Node.Id));
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await Eventually.TrueAsync(() => B.Listener.Connections > connectionsBefore && B.Runtime.IsCacheTrusted, TimeSpan.FromSeconds(10), "B listened again");
        Assert.Contains(DeactivationReason.CacheUntrusted, Probe.For(key).DeactivationReasons.Select(r => r.Reason));
        Assert.Contains(B.Logs.Entries, e => e.EventId.Id == 2002 && e.Level == LogLevel.Warning && e.Message.Contains("stale", StringComparison.Ordinal));

        // Listening again, B follows A's changes as before.
        var workspace = Guid.NewGuid();
        Assert.Null(await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync());
        await A.Runtime.GetGrain<ISettingGrain>(workspace).SetAsync("light");
        await Eventually.TrueAsync(async () => await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync() == "light", Bound, "B sees A's change");
    }

    [Fact]
    public async Task WhileUntrustedNoActivationOutlivesItsCall()
    {
        var workspace = Guid.NewGuid();
        B.Runtime.OnListenLost();
        try
        {
            Assert.Null(await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync());
            Assert.False(B.Runtime.IsActive(GrainId.For<ISettingGrain>(workspace)));

            await A.Runtime.GetGrain<ISettingGrain>(workspace).SetAsync("light");
            Assert.Equal("light", await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync());
        }
        finally
        {
            B.Runtime.OnListenEstablished();
        }

        await B.Runtime.GetGrain<ISettingGrain>(workspace).GetAsync();
        Assert.True(B.Runtime.IsActive(GrainId.For<ISettingGrain>(workspace)));
    }
}
