namespace Albumi.Grains;

/// <summary>
/// A grain that receives durable reminders. Delivery is at least once, so a handler must be idempotent.
/// </summary>
public interface IRemindable : IGrain
{
    /// <summary>Called when the reminder <paramref name="reminderName"/> is due.</summary>
    Task ReceiveReminderAsync(string reminderName, ReminderTick tick);
}
