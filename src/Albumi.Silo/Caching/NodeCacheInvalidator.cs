using System.Collections.Concurrent;
using System.Diagnostics;
using Albumi.Grains.Caching;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace Albumi.Silo.Caching;

/// <summary>
/// Drops node-cache entries on every silo of the cluster: this node's copy directly, the others through their
/// <see cref="NodeCacheService"/>, all at once, after reading the membership afresh (a silo that joined a moment ago is
/// asked too). Returns when every silo that may hold a copy confirmed. Otherwise it returns once
/// <see cref="NodeCache.Lifetime"/> has passed since the drop began, when every copy fetched before the change has
/// expired wherever it is: when an active silo did not confirm in time (frozen, cut off), when the membership could not
/// be read, and when a silo was declared dead within <see cref="DeadSiloWatch"/> (a node declared dead while still up,
/// in a long pause or cut off from the other silos, serves HTTP until it learns it, and is sent no drops). Silos that
/// are not yet active (a node serves HTTP only once its silo is) or that were seen leaving (a node stops serving HTTP
/// before its silo shuts down, and closes its cache) hold no copies and are not waited for.
/// </summary>
public sealed partial class NodeCacheInvalidator(
    IServiceProvider services, IClusterMembershipService membership, ILocalSiloDetails localSilo, NodeCache cache, ILogger<NodeCacheInvalidator> logger)
    : GrainServiceClient<INodeCacheService>(services), INodeCacheInvalidator, IDisposable
{
    /// <summary>
    /// How long after this node first saw a silo dead it still counts on that silo serving copies: longer than a
    /// declared-dead silo takes to read the membership table and close its cache (<see cref="NodeCacheService"/>).
    /// </summary>
    public static readonly TimeSpan DeadSiloWatch = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<SiloAddress, long> _firstSeenDead = new();
    private readonly ConcurrentDictionary<SiloAddress, bool> _seenLeaving = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task? _watch;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    public async Task DropEverywhereAsync(params CacheKey[] keys)
    {
        var started = Stopwatch.GetTimestamp();
        cache.Drop(keys);
        _watch ??= Task.Run(() => WatchDeparturesAsync(_disposed.Token));
        var confirmed = await TryRefreshMembershipAsync();
        var others = new List<SiloAddress>();
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            // This node, or an earlier run of it on the same endpoint (which serves nothing: the endpoint is this run's).
            if (member.SiloAddress.Endpoint.Equals(localSilo.SiloAddress.Endpoint))
            {
                continue;
            }

            Observe(member.SiloAddress, member.Status, started);
            if (member.Status is SiloStatus.Active)
            {
                others.Add(member.SiloAddress);
            }
            else if (member.Status is SiloStatus.Dead && !_seenLeaving.ContainsKey(member.SiloAddress))
            {
                confirmed &= Stopwatch.GetElapsedTime(_firstSeenDead[member.SiloAddress]) >= DeadSiloWatch;
            }
        }

        if (others.Count > 0)
        {
            var all = Task.WhenAll(others.Select(silo => GetGrainService(silo).DropAsync(keys)));
            confirmed &= await Task.WhenAny(all, Task.Delay(NodeCache.Lifetime)) == all && all.IsCompletedSuccessfully;
        }

        if (confirmed)
        {
            return;
        }

        LogUnconfirmed(logger, keys.Length, others.Count);
        var left = NodeCache.Lifetime - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>Remembers which silos were seen leaving on their own, and when each was first seen dead.</summary>
    private void Observe(SiloAddress silo, SiloStatus status, long now)
    {
        if (status is SiloStatus.ShuttingDown or SiloStatus.Stopping)
        {
            _seenLeaving.TryAdd(silo, true);
        }
        else if (status is SiloStatus.Dead)
        {
            _firstSeenDead.TryAdd(silo, now);
        }
    }

    /// <summary>Every membership change, so a silo's leaving is seen even when no drop happens while it leaves.</summary>
    private async Task WatchDeparturesAsync(CancellationToken disposed)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(disposed))
            {
                foreach (var member in snapshot.Members.Values)
                {
                    Observe(member.SiloAddress, member.Status, Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException) when (disposed.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the membership table now, so a silo that became active before the change is in the snapshot.</summary>
    private async Task<bool> TryRefreshMembershipAsync()
    {
        try
        {
            await membership.Refresh();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(logger, e);
            return false;
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "Not every silo that may hold copies confirmed dropping {Keys} cached entries ({Silos} asked); waited out the cache lifetime instead")]
    private static partial void LogUnconfirmed(ILogger logger, int keys, int silos);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Could not read the membership before dropping cached entries; waiting out the cache lifetime")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
