using System.Data.Common;
using Albumi.Grains;

namespace Albumi.Silo.Runtime;

/// <summary>
/// One grain's activation on this node: the grain instance (a cache of its state) plus the turn lock that keeps its
/// calls from overlapping. The fields below the lock are read and written only by the holder of <see cref="Turn"/>,
/// except <see cref="IsStale"/>, which any thread may set.
/// </summary>
internal sealed class GrainActivation(GrainRuntime runtime, GrainId grainId, GrainClass grainClass, long activationId) : IGrainContext
{
    private List<GrainId>? _announcedChanges;
    private volatile bool _isStale;
    private long _lastUsedTicks;

    public GrainId GrainId { get; } = grainId;

    public GrainClass GrainClass { get; } = grainClass;

    public long ActivationId { get; } = activationId;

    public Guid NodeId => runtime.Node.Id;

    public IGrainFactory GrainFactory => runtime;

    public TimeProvider TimeProvider => runtime.TimeProvider;

    /// <summary>Held by whoever runs a turn on this activation (a call, activation or deactivation).</summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>The grain, once <see cref="Grain.OnActivateAsync"/> succeeded.</summary>
    public Grain? Instance { get; set; }

    /// <summary>Removed from the catalog: a caller that finds it must look the grain up again.</summary>
    public bool IsDefunct { get; set; }

    /// <summary>The runtime's trust epoch when the state was loaded; another epoch means the cache may have missed changes.</summary>
    public long Epoch { get; set; }

    public bool DeactivationRequested { get; set; }

    /// <summary>The grain's state changed since it was loaded; the next turn drops it first.</summary>
    public bool IsStale
    {
        get => _isStale;
        set => _isStale = value;
    }

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    public void DeactivateOnIdle() => DeactivationRequested = true;

    public void OnChangeAnnounced(GrainId changed) => (_announcedChanges ??= []).Add(changed);

    /// <summary>The grains this turn announced as changed, cleared for the next turn.</summary>
    public List<GrainId>? TakeAnnouncedChanges()
    {
        var changes = _announcedChanges;
        _announcedChanges = null;
        return changes;
    }

    public Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan? period, DbTransaction? transaction, CancellationToken cancellationToken)
        => runtime.Reminders.RegisterOrUpdateAsync(GrainId, name, runtime.TimeProvider.GetUtcNow() + dueTime, period, transaction, cancellationToken);

    public Task UnregisterReminderAsync(string name, DbTransaction? transaction, CancellationToken cancellationToken)
        => runtime.Reminders.UnregisterAsync(GrainId, name, transaction, cancellationToken);
}
