using System.Data.Common;

namespace Albumi.Grains;

/// <summary>What the runtime offers one activation of a grain. Implemented by the runtime.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>This activation's number, unique on its node.</summary>
    long ActivationId { get; }

    /// <summary>The node the activation lives on.</summary>
    Guid NodeId { get; }

    IGrainFactory GrainFactory { get; }

    TimeProvider TimeProvider { get; }

    /// <summary>Drop this activation once the current call has returned.</summary>
    void DeactivateOnIdle();

    /// <summary>Records that <paramref name="grainId"/> changed in a transaction of this turn; the node drops its own
    /// activation of it once the turn ends (other nodes learn it from the NOTIFY).</summary>
    void OnChangeAnnounced(GrainId grainId);

    /// <summary>Creates or moves the reminder; inside <paramref name="transaction"/> when one is given.</summary>
    Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan? period, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Deletes the reminder if it exists; inside <paramref name="transaction"/> when one is given.</summary>
    Task UnregisterReminderAsync(string name, DbTransaction? transaction, CancellationToken cancellationToken);
}
