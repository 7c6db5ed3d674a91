using Orleans.Services;

namespace Albumi.Grains.Caching;

/// <summary>Each silo's end of the node cache: drops the named entries from that node's copy.</summary>
[Alias("albumi.node-cache-service")]
public interface INodeCacheService : IGrainService
{
    [Repeatable]
    Task DropAsync(CacheKey[] keys);
}
