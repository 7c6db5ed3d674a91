using Orleans.Runtime;

namespace Albumi.Grains.Reminders;

/// <summary>
/// Orleans reminders are periodic and never carry our due time; these helpers register one that wakes a grain at a
/// persisted due time (or every period until then) and remove it when the work is done.
/// </summary>
public static class DueReminder
{
    /// <summary>Registers (or moves) <paramref name="name"/> to tick first at <paramref name="due"/> or after one period, whichever is sooner, then every period.</summary>
    public static Task RegisterAsync(Grain grain, string name, DateTimeOffset due, DateTimeOffset now, TimeSpan period)
    {
        var untilDue = due - now;
        var first = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < period ? untilDue : period;
        return grain.RegisterOrUpdateReminder(name, first, period);
    }

    /// <summary>Removes the reminder if it is registered.</summary>
    public static async Task UnregisterAsync(Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
