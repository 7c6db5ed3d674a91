using Albumi.Grains;

namespace Albumi.Tests.Runtime.TestGrains;

public interface IReminderProbeGrain : IRemindable, IGrainWithStringKey
{
    Task ScheduleAsync(string name, TimeSpan dueTime, TimeSpan? period);

    /// <summary>Registers the reminder inside a transaction that is then rolled back.</summary>
    Task ScheduleAndRollBackAsync(string name, TimeSpan dueTime);

    Task CancelAsync(string name);
}
