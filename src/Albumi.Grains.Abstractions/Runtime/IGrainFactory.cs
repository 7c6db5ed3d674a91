namespace Albumi.Grains;

/// <summary>Hands out references to grains. A reference is cheap; the grain is activated on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of type <typeparamref name="TGrainInterface"/> with the given key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to the grain of type <typeparamref name="TGrainInterface"/> with the given key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;
}
