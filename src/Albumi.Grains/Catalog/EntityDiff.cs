using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>
/// Field-level differences between two states of an entity, as activity stores them: <c>{field, before, after}</c>,
/// or <c>{field, redacted: true}</c> for a sensitive field, whose values never reach the log.
/// </summary>
public static class EntityDiff
{
    public static JsonArray Between(EntityKind kind, IReadOnlyDictionary<string, JsonNode?>? before, IReadOnlyDictionary<string, JsonNode?>? after)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var changes = new JsonArray();
        foreach (var field in kind.Fields)
        {
            var old = before?.GetValueOrDefault(field.Name);
            var now = after?.GetValueOrDefault(field.Name);
            if (JsonNode.DeepEquals(old, now) || (before is null && IsEmpty(now)))
            {
                continue;
            }

            changes.Add(field.Sensitive
                ? new JsonObject { ["field"] = field.Name, ["redacted"] = true }
                : new JsonObject { ["field"] = field.Name, ["before"] = old?.DeepClone(), ["after"] = now?.DeepClone() });
        }

        return changes;
    }

    /// <summary>The names of the fields whose values differ.</summary>
    public static IEnumerable<string> ChangedFields(JsonArray diff) => diff.Select(change => change!["field"]!.GetValue<string>());

    private static bool IsEmpty(JsonNode? value) => value is null || value is JsonArray { Count: 0 };
}
