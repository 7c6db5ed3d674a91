using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>Building an entity's full set of values: a new one from its input, a changed one from a patch.</summary>
internal static class EntityValues
{
    public static Dictionary<string, JsonNode?> New(EntityKind kind, IReadOnlyDictionary<string, JsonNode?> input)
        => kind.Fields.ToDictionary(f => f.Name, f => input.TryGetValue(f.Name, out var value) ? value?.DeepClone() ?? f.Default() : f.Default(), StringComparer.Ordinal);

    public static Dictionary<string, JsonNode?> Patched(IReadOnlyDictionary<string, JsonNode?> current, IReadOnlyDictionary<string, JsonNode?> patch)
    {
        var values = current.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal);
        foreach (var (name, value) in patch)
        {
            values[name] = value?.DeepClone();
        }

        return values;
    }

    /// <summary>The fields of <paramref name="patch"/> whose value differs from <paramref name="current"/>.</summary>
    public static Dictionary<string, JsonNode?> Changed(IReadOnlyDictionary<string, JsonNode?> current, IReadOnlyDictionary<string, JsonNode?> patch)
        => patch.Where(p => !JsonNode.DeepEquals(current.GetValueOrDefault(p.Key), p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static Guid? Assignee(IReadOnlyDictionary<string, JsonNode?> values)
        => values.GetValueOrDefault("assigneeId") is { } value ? Guid.Parse(value.GetValue<string>()) : null;
}
