using Albumi.Grains;
using Albumi.Grains.Persistence;

namespace Albumi.Tests.Runtime.TestGrains;

public sealed class ReminderProbeGrain(AlbumiDataSources dataSources) : Grain, IReminderProbeGrain
{
    private Probe Probe => Probe.For(GetPrimaryKeyString());

    public Task ScheduleAsync(string name, TimeSpan dueTime, TimeSpan? period) => RegisterOrUpdateReminderAsync(name, dueTime, period);

    public async Task ScheduleAndRollBackAsync(string name, TimeSpan dueTime)
    {
        await using var connection = await dataSources.App.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await RegisterOrUpdateReminderAsync(name, dueTime, period: null, transaction);
        await transaction.RollbackAsync();
    }

    public Task CancelAsync(string name) => UnregisterReminderAsync(name);

    public async Task ReceiveReminderAsync(string reminderName, ReminderTick tick)
    {
        Probe.Firings.Enqueue((Context.NodeId, reminderName, tick.FiredAt));
        if (Probe.BlockReminders is { } block)
        {
            await block.Task;
        }

        if (Interlocked.Decrement(ref Probe.ReminderFailuresToCause) >= 0)
        {
            throw new GrainTestException("reminder handler failed on purpose");
        }
    }
}
