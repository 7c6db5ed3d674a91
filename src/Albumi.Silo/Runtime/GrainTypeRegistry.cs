using System.Reflection;
using Albumi.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Silo.Runtime;

/// <summary>Which grain class implements which grain interface, found by scanning the grain assemblies once at start.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainClass> _byTypeName = new(StringComparer.Ordinal);

    public GrainTypeRegistry(IEnumerable<Assembly> grainAssemblies)
    {
        ArgumentNullException.ThrowIfNull(grainAssemblies);
        foreach (var type in grainAssemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (type.IsAbstract || !typeof(Grain).IsAssignableFrom(type))
            {
                continue;
            }

            foreach (var grainInterface in type.GetInterfaces().Where(IsKeyedGrainInterface))
            {
                var typeName = GrainTypeName.Of(grainInterface);
                if (_byTypeName.TryGetValue(typeName, out var existing))
                {
                    throw new InvalidOperationException(
                        $"Grain type name '{typeName}' is implemented by both {existing.Implementation} and {type}; a grain interface has one implementation.");
                }

                _byTypeName[typeName] = new GrainClass(typeName, grainInterface, type, ActivatorUtilities.CreateFactory(type, Type.EmptyTypes));
            }
        }
    }

    public IReadOnlyCollection<string> TypeNames => _byTypeName.Keys;

    internal GrainClass Resolve(GrainId grainId)
        => _byTypeName.TryGetValue(grainId.Type, out var grainClass)
            ? grainClass
            : throw new InvalidOperationException($"No grain class implements grain type '{grainId.Type}'.");

    private static bool IsKeyedGrainInterface(Type candidate)
        => candidate != typeof(IGrainWithGuidKey)
           && candidate != typeof(IGrainWithStringKey)
           && (typeof(IGrainWithGuidKey).IsAssignableFrom(candidate) || typeof(IGrainWithStringKey).IsAssignableFrom(candidate));
}

internal sealed record GrainClass(string TypeName, Type Interface, Type Implementation, ObjectFactory Factory);
