namespace Albumi.Grains;

/// <summary>
/// The identity of a grain: its type name (the grain interface's name, stable across nodes) and its key.
/// Guid keys are held in their lowercase "D" form so that one grain has exactly one identity.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The identity of the grain behind <typeparamref name="TGrainInterface"/> with a Guid key.</summary>
    public static GrainId For<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey
        => new(GrainTypeName.Cached<TGrainInterface>.Name, key.ToString("D"));

    /// <summary>The identity of the grain behind <typeparamref name="TGrainInterface"/> with a string key.</summary>
    public static GrainId For<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
        => new(GrainTypeName.Cached<TGrainInterface>.Name, key);

    public override string ToString() => $"{Type}/{Key}";
}
