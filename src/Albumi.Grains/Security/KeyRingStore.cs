namespace Albumi.Grains.Security;

/// <summary>The node's view of the key ring: the key ring grain's, which every node reloads when a key is added or retired.</summary>
public sealed class KeyRingStore(IGrainFactory grains)
{
    public Task<KeyRing> GetAsync(CancellationToken cancellationToken = default)
        => grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key).GetRingAsync().WaitAsync(cancellationToken);
}
