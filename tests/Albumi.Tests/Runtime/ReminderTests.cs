using Albumi.Grains;
using Albumi.Silo.Reminders;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Runtime;

public sealed class ReminderTests() : ClusterTest(2)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    [Fact]
    public async Task OneShotReminderFiresOnceWhenDueAndIsThenGone()
    {
        var key = NewKey();
        await A.Runtime.GetGrain<IReminderProbeGrain>(key).ScheduleAsync("once", TimeSpan.FromMilliseconds(200), period: null);

        await Eventually.TrueAsync(() => !Probe.For(key).Firings.IsEmpty, Patience, "the reminder fired");
        await Eventually.TrueAsync(async () => await DueAtAsync(key, "once") is null, Patience, "the fired one-shot reminder was deleted");
        await Task.Delay(500);

        Assert.Single(Probe.For(key).Firings);
    }

    [Fact]
    public async Task PeriodicReminderKeepsFiringUntilUnregistered()
    {
        var key = NewKey();
        var grain = A.Runtime.GetGrain<IReminderProbeGrain>(key);
        await grain.ScheduleAsync("tick", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));

        await Eventually.TrueAsync(() => Probe.For(key).Firings.Count >= 3, Patience, "the reminder fired three times");
        await grain.CancelAsync("tick");
        await Task.Delay(300); // a firing already leased may still land
        var fired = Probe.For(key).Firings.Count;
        await Task.Delay(800);

        Assert.Equal(fired, Probe.For(key).Firings.Count);
        Assert.Null(await DueAtAsync(key, "tick"));
    }

    [Fact]
    public async Task ReminderWhoseNodeStoppedWhileHoldingTheLeaseFiresOnAnotherNode()
    {
        var key = NewKey();
        var probe = Probe.For(key);
        probe.BlockReminders = new TaskCompletionSource();
        await using var doomed = await Cluster.StartNodeAsync();
        await StopRemindersAsync(A);
        await StopRemindersAsync(B);

        await doomed.Runtime.GetGrain<IReminderProbeGrain>(key).ScheduleAsync("purge", TimeSpan.Zero, period: null);
        await Eventually.TrueAsync(() => !probe.Firings.IsEmpty, Patience, "the doomed node took the reminder");
        Assert.Equal(doomed.Runtime.Node.Id, probe.Firings.Single().Node);

        // The doomed node dies holding the lease: its handler never finishes, nothing releases the row.
        await doomed.StopAsync();
        probe.BlockReminders = null;
        await StartRemindersAsync(B);

        await Eventually.TrueAsync(() => probe.Firings.Count == 2, Patience, "another node fired the reminder once the lease expired");
        Assert.Equal(B.Runtime.Node.Id, probe.Firings.Last().Node);
        await Eventually.TrueAsync(async () => await DueAtAsync(key, "purge") is null, Patience, "the reminder completed");
    }

    [Fact]
    public async Task AReminderWhoseHandlerOutlastsTheLeaseKeepsItAndFiresOnlyOnce()
    {
        var key = NewKey();
        var probe = Probe.For(key);
        probe.BlockReminders = new TaskCompletionSource();
        await A.Runtime.GetGrain<IReminderProbeGrain>(key).ScheduleAsync("purge", TimeSpan.Zero, period: null);
        await Eventually.TrueAsync(() => !probe.Firings.IsEmpty, Patience, "the reminder fired");

        // Three lease durations (2 s each in tests) with both nodes polling: without renewal another firing would start.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Single(probe.Firings);
        probe.BlockReminders.SetResult();

        await Eventually.TrueAsync(async () => await DueAtAsync(key, "purge") is null, Patience, "the reminder completed");
        Assert.Single(probe.Firings);
    }

    [Fact]
    public async Task FailedReminderIsRetried()
    {
        var key = NewKey();
        Probe.For(key).ReminderFailuresToCause = 1;

        await A.Runtime.GetGrain<IReminderProbeGrain>(key).ScheduleAsync("flaky", TimeSpan.Zero, period: null);

        await Eventually.TrueAsync(() => Probe.For(key).Firings.Count == 2, Patience, "the failed firing was retried");
        await Eventually.TrueAsync(async () => await DueAtAsync(key, "flaky") is null, Patience, "the retried firing completed");
    }

    [Fact]
    public async Task ReminderRegisteredInARolledBackTransactionDoesNotExist()
    {
        var key = NewKey();

        await A.Runtime.GetGrain<IReminderProbeGrain>(key).ScheduleAndRollBackAsync("never", TimeSpan.Zero);

        Assert.Null(await DueAtAsync(key, "never"));
    }

    [Fact]
    public async Task RegisteringAgainMovesTheDueTime()
    {
        var key = NewKey();
        var grain = A.Runtime.GetGrain<IReminderProbeGrain>(key);
        await grain.ScheduleAsync("later", TimeSpan.FromHours(1), period: null);
        var first = await DueAtAsync(key, "later");

        await grain.ScheduleAsync("later", TimeSpan.FromHours(2), period: null);

        Assert.NotNull(first);
        Assert.True(await DueAtAsync(key, "later") > first + TimeSpan.FromMinutes(59));
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static Task StopRemindersAsync(TestNode node) => ReminderServiceOf(node).StopAsync(CancellationToken.None);

    private static Task StartRemindersAsync(TestNode node) => ReminderServiceOf(node).StartAsync(CancellationToken.None);

    private static ReminderService ReminderServiceOf(TestNode node) => node.Services.GetRequiredService<ReminderService>();

    private Task<DateTimeOffset?> DueAtAsync(string key, string name)
        => A.Services.GetRequiredService<ReminderTable>().GetDueAtAsync(GrainId.For<IReminderProbeGrain>(key), name);
}
