using Albumi.Grains.Caching;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Albumi.Silo.Caching;

/// <summary>The grain service every silo runs for the node cache: it drops entries from this node's copy when told.</summary>
public sealed class NodeCacheService(GrainId id, Orleans.Runtime.Silo silo, ILoggerFactory loggerFactory, NodeCache cache)
    : GrainService(id, silo, loggerFactory), INodeCacheService
{
    public Task DropAsync(CacheKey[] keys)
    {
        cache.Drop(keys);
        return Task.CompletedTask;
    }
}
