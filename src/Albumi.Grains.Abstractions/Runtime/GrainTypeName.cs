namespace Albumi.Grains;

/// <summary>
/// The stable name of a grain type: the grain interface's name without namespace. It is stored in reminder
/// rows and sent in change notices, so renaming a grain interface is a data migration.
/// </summary>
public static class GrainTypeName
{
    public static string Of(Type grainInterface)
    {
        ArgumentNullException.ThrowIfNull(grainInterface);
        if (!grainInterface.IsInterface || !typeof(IGrain).IsAssignableFrom(grainInterface))
        {
            throw new ArgumentException($"{grainInterface} is not a grain interface.", nameof(grainInterface));
        }

        return grainInterface.Name;
    }

    /// <summary>The name of <typeparamref name="TGrainInterface"/>, worked out once per type.</summary>
    internal static class Cached<TGrainInterface>
    {
        public static readonly string Name = Of(typeof(TGrainInterface));
    }
}
