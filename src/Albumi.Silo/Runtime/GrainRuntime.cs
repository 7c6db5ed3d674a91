using System.Collections.Concurrent;
using System.Diagnostics;
using Albumi.Grains;
using Albumi.Silo.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Albumi.Silo.Runtime;

/// <summary>
/// The node's grain runtime: hands out grain references, keeps one activation per grain, runs calls one turn at a time
/// per grain, and drops activations that are idle, asked to go, or invalidated by a change on any node.
/// </summary>
public sealed class GrainRuntime : IGrainFactory
{
    private const int ReferenceCacheLimit = 100_000;
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<(Type Interface, GrainId Id), object> _references = new();
    private readonly GrainTypeRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly SiloOptions _options;
    private readonly SiloMetrics _metrics;
    private readonly ILogger<GrainRuntime> _logger;
    private long _nextActivationId;
    private long _trustEpoch;
    private volatile bool _cacheUntrusted = true;

    public GrainRuntime(
        GrainTypeRegistry registry,
        IServiceProvider services,
        NodeIdentity node,
        TimeProvider timeProvider,
        IOptions<SiloOptions> options,
        SiloMetrics metrics,
        ReminderTable reminders,
        ILogger<GrainRuntime> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _services = services;
        Node = node;
        TimeProvider = timeProvider;
        _options = options.Value;
        _metrics = metrics;
        Reminders = reminders;
        _logger = logger;
    }

    public NodeIdentity Node { get; }

    public TimeProvider TimeProvider { get; }

    internal ReminderTable Reminders { get; }

    /// <summary>False while the LISTEN connection is down: then no activation outlives the call it was made for.</summary>
    public bool IsCacheTrusted => !_cacheUntrusted;

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey
        => GetReference<TGrainInterface>(GrainId.For<TGrainInterface>(key));

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
        => GetReference<TGrainInterface>(GrainId.For<TGrainInterface>(key));

    /// <summary>
    /// A reference to the grain. References are immutable (runtime + id), so they are cached: creating a proxy costs
    /// more than a whole warm grain call. The cache is bounded by starting afresh when it grows past its limit.
    /// </summary>
    internal TGrainInterface GetReference<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain
    {
        var cacheKey = (typeof(TGrainInterface), grainId);
        if (_references.TryGetValue(cacheKey, out var cached))
        {
            return (TGrainInterface)cached;
        }

        if (_references.Count >= ReferenceCacheLimit)
        {
            _references.Clear();
        }

        var reference = GrainReferenceProxy.Create<TGrainInterface>(this, grainId)!;
        _references.TryAdd(cacheKey, reference);
        return reference;
    }

    /// <summary>How many activations this node holds, per grain type.</summary>
    public IReadOnlyDictionary<string, int> CountActivations()
        => _activations.Values
            .Where(a => a.Instance is not null)
            .GroupBy(a => a.GrainId.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Whether this node holds a live activation of the grain (for tests and the dashboard).</summary>
    public bool IsActive(GrainId grainId)
        => _activations.TryGetValue(grainId, out var activation) && activation.Instance is not null && !activation.IsDefunct;

    internal async Task<TResult> InvokeAsync<TResult>(GrainId grainId, GrainMethod method, object?[] args)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            while (true)
            {
                var activation = _activations.GetOrAdd(grainId, CreateActivation);
                await activation.Turn.WaitAsync().ConfigureAwait(false);
                try
                {
                    if (activation.IsDefunct)
                    {
                        continue;
                    }

                    if (activation.Instance is not null && (activation.IsStale || activation.Epoch != Volatile.Read(ref _trustEpoch)))
                    {
                        await DeactivateInTurnAsync(activation, DeactivationReason.StateChanged).ConfigureAwait(false);
                        continue;
                    }

                    var grain = activation.Instance ?? await ActivateInTurnAsync(activation).ConfigureAwait(false);
                    var call = method.Invoke(grain, args);
                    await call.ConfigureAwait(false);
                    return GrainMethod.ResultOf<TResult>(method, call);
                }
                finally
                {
                    await EndTurnAsync(activation).ConfigureAwait(false);
                    activation.Turn.Release();
                }
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            _metrics.RecordCall(grainId.Type, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    /// <summary>Another node (or this one, for a grain other than the writer) changed the grain's state.</summary>
    internal void OnChangeNotice(GrainChangeNotice notice)
    {
        if (!_activations.TryGetValue(notice.GrainId, out var activation)
            || (notice.OriginNode == Node.Id && notice.OriginActivation == activation.ActivationId))
        {
            return;
        }

        Invalidate(activation);
    }

    /// <summary>The LISTEN connection is down: nothing cached can be trusted until it is back.</summary>
    internal void OnListenLost()
    {
        _cacheUntrusted = true;
        Interlocked.Increment(ref _trustEpoch);
        DropAll(DeactivationReason.CacheUntrusted);
    }

    /// <summary>The LISTEN connection is (back) up; changes made while it was down were missed, so start afresh.</summary>
    internal void OnListenEstablished()
    {
        Interlocked.Increment(ref _trustEpoch);
        _cacheUntrusted = false;
        DropAll(DeactivationReason.CacheUntrusted);
    }

    /// <summary>Collects activations not called for longer than the collection age; busy ones are left alone.</summary>
    internal async Task<int> CollectIdleAsync()
    {
        var cutoff = TimeProvider.GetUtcNow() - _options.CollectionAge;
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.LastUsed > cutoff || !await activation.Turn.WaitAsync(0).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                if (!activation.IsDefunct && activation.LastUsed <= cutoff)
                {
                    await DeactivateInTurnAsync(activation, DeactivationReason.Idle).ConfigureAwait(false);
                    collected++;
                }
            }
            finally
            {
                activation.Turn.Release();
            }
        }

        return collected;
    }

    internal Task DeactivateAllAsync(DeactivationReason reason)
        => Task.WhenAll(_activations.Values.Select(a => DeactivateAsync(a, reason)));

    private GrainActivation CreateActivation(GrainId grainId)
    {
        var activation = new GrainActivation(this, grainId, _registry.Resolve(grainId), Interlocked.Increment(ref _nextActivationId));
        activation.Touch(TimeProvider.GetUtcNow());
        return activation;
    }

    private async Task<Grain> ActivateInTurnAsync(GrainActivation activation)
    {
        activation.IsStale = false;
        activation.Epoch = Volatile.Read(ref _trustEpoch);
        try
        {
            var grain = (Grain)activation.GrainClass.Factory(_services, null);
            grain.Bind(activation);
            await grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
            activation.Instance = grain;
            _metrics.ActivationAdded(activation.GrainId.Type);
            return grain;
        }
        catch (Exception exception)
        {
            activation.IsDefunct = true;
            _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
            SiloLog.ActivationFailed(_logger, activation.GrainId, exception.GetType().Name, exception.Message);
            throw;
        }
    }

    private async Task EndTurnAsync(GrainActivation activation)
    {
        activation.Touch(TimeProvider.GetUtcNow());
        if (activation.TakeAnnouncedChanges() is { } changes)
        {
            foreach (var changed in changes)
            {
                if (changed != activation.GrainId && _activations.TryGetValue(changed, out var other))
                {
                    Invalidate(other);
                }
            }
        }

        if (activation.Instance is not null && !activation.IsDefunct)
        {
            if (activation.DeactivationRequested)
            {
                await DeactivateInTurnAsync(activation, DeactivationReason.Requested).ConfigureAwait(false);
            }
            else if (_cacheUntrusted)
            {
                await DeactivateInTurnAsync(activation, DeactivationReason.CacheUntrusted).ConfigureAwait(false);
            }
        }
    }

    private void Invalidate(GrainActivation activation)
    {
        activation.IsStale = true;
        _ = DeactivateAsync(activation, DeactivationReason.StateChanged);
    }

    private void DropAll(DeactivationReason reason)
    {
        foreach (var activation in _activations.Values)
        {
            activation.IsStale = true;
            _ = DeactivateAsync(activation, reason);
        }
    }

    private async Task DeactivateAsync(GrainActivation activation, DeactivationReason reason)
    {
        await activation.Turn.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!activation.IsDefunct)
            {
                await DeactivateInTurnAsync(activation, reason).ConfigureAwait(false);
            }
        }
        finally
        {
            activation.Turn.Release();
        }
    }

    private async Task DeactivateInTurnAsync(GrainActivation activation, DeactivationReason reason)
    {
        activation.IsDefunct = true;
        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
        if (activation.Instance is not { } grain)
        {
            return;
        }

        _metrics.ActivationRemoved(activation.GrainId.Type);
        try
        {
            await grain.OnDeactivateAsync(reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SiloLog.DeactivationFailed(_logger, activation.GrainId, reason, exception.GetType().Name, exception.Message);
        }
    }
}
