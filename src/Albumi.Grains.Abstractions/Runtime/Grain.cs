using System.Data.Common;

namespace Albumi.Grains;

/// <summary>
/// Base class of every grain. The runtime creates one instance per activation, binds it to its context, and calls it
/// one turn at a time: a grain's methods never run concurrently with each other.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The runtime's view of this activation. Not available in the constructor.</summary>
    protected IGrainContext Context
        => _context ?? throw new InvalidOperationException("The grain is not bound to an activation yet; do not use the context in the constructor.");

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Context.GrainId;

    protected IGrainFactory GrainFactory => Context.GrainFactory;

    protected TimeProvider TimeProvider => Context.TimeProvider;

    /// <summary>The key of a grain with a Guid key.</summary>
    protected Guid GetPrimaryKey() => Guid.Parse(GrainId.Key);

    /// <summary>The key of a grain with a string key.</summary>
    protected string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>Called before the first call of an activation. An exception fails the call and the next call tries again.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the runtime drops the activation. Exceptions are logged, not rethrown.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drop this activation once the current call has returned.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>
    /// Announces, inside <paramref name="transaction"/>, that this grain's state changed: once the transaction commits,
    /// every other node drops its activation of this grain.
    /// </summary>
    protected Task AnnounceChangeAsync(DbTransaction transaction, CancellationToken cancellationToken = default)
        => AnnounceChangeAsync(transaction, GrainId, cancellationToken);

    /// <summary>
    /// Announces, inside <paramref name="transaction"/>, that the state of <paramref name="changedGrain"/> changed
    /// (for example an account revoking its sessions): every node, this one included, drops its activation of it.
    /// </summary>
    protected async Task AnnounceChangeAsync(DbTransaction transaction, GrainId changedGrain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection
            ?? throw new InvalidOperationException("The transaction has no connection; it was committed or rolled back already.");
        var origin = changedGrain == GrainId ? Context.ActivationId : 0;
        var notice = new GrainChangeNotice(changedGrain, Context.NodeId, origin);

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_notify(@channel, @payload)";
        AddParameter(command, "channel", GrainChangeNotice.Channel);
        AddParameter(command, "payload", notice.Format());
        await command.ExecuteNonQueryAsync(cancellationToken);
        Context.OnChangeAnnounced(changedGrain);
    }

    /// <summary>Creates the reminder or moves it, inside <paramref name="transaction"/> when given (so it commits with the state).</summary>
    protected Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan? period, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
        => Context.RegisterOrUpdateReminderAsync(name, dueTime, period, transaction, cancellationToken);

    /// <summary>Deletes the reminder if it exists, inside <paramref name="transaction"/> when given.</summary>
    protected Task UnregisterReminderAsync(string name, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
        => Context.UnregisterReminderAsync(name, transaction, cancellationToken);

    internal void Bind(IGrainContext context)
    {
        if (_context is not null)
        {
            throw new InvalidOperationException("A grain instance belongs to exactly one activation.");
        }

        _context = context;
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
