namespace Albumi.Grains.Caching;

/// <summary>Drops entries from the node cache of every silo in the cluster; returns once no node can serve them.</summary>
public interface INodeCacheInvalidator
{
    Task DropEverywhereAsync(params CacheKey[] keys);
}
