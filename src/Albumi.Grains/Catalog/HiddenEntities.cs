using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>
/// The entities a caller's role may not see under the classification policy, and the projection that removes every
/// mention of them from what the caller reads: references become null, lists and album items lose them, activity
/// diffs are scrubbed the same way. On write, the hidden ids a list held are kept, so nothing is lost by an edit.
/// </summary>
public sealed class HiddenEntities(IReadOnlySet<Guid> ids)
{
    public static readonly HiddenEntities None = new(new HashSet<Guid>());

    public IReadOnlySet<Guid> Ids { get; } = ids;

    public bool Contains(Guid id) => Ids.Contains(id);

    public CatalogEntity Scrub(CatalogEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Ids.Count == 0 ? entity : entity with { Values = entity.Kind.Fields.ToDictionary(f => f.Name, f => Scrub(f, entity.Values.GetValueOrDefault(f.Name)), StringComparer.Ordinal) };
    }

    public ActivityEntry Scrub(ActivityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Ids.Count == 0)
        {
            return entry;
        }

        if (entry.ChangeType == "proposal_merged")
        {
            var parts = new JsonArray();
            foreach (var part in entry.Changes.Where(p => !Contains(Guid.Parse(p!["entityId"]!.GetValue<string>()))))
            {
                var copy = part!.DeepClone().AsObject();
                copy["changes"] = ScrubDiff(EntityKinds.Find(copy["kind"]!.GetValue<string>()), copy["changes"]!.AsArray());
                parts.Add(copy);
            }

            return entry with { Changes = parts };
        }

        return entry.EntityKind is { } kind ? entry with { Changes = ScrubDiff(EntityKinds.Find(kind), entry.Changes) } : entry;
    }

    public JsonObject Scrub(EntityKind kind, JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(fields);
        var scrubbed = new JsonObject();
        foreach (var (name, value) in fields)
        {
            scrubbed[name] = kind.Field(name) is { } field ? Scrub(field, value) : value?.DeepClone();
        }

        return scrubbed;
    }

    /// <summary>The patch with the hidden ids of <paramref name="current"/>'s lists added back to the lists it sets.</summary>
    public Dictionary<string, JsonNode?> KeepHidden(EntityKind kind, IReadOnlyDictionary<string, JsonNode?> current, IReadOnlyDictionary<string, JsonNode?> patch)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var kept = patch.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        foreach (var (name, value) in patch)
        {
            if (value is not JsonArray list || current.GetValueOrDefault(name) is not JsonArray before)
            {
                continue;
            }

            var field = kind.Field(name)!;
            var merged = list.DeepClone().AsArray();
            foreach (var item in before.Where(i => IsHidden(field, i)))
            {
                merged.Add(item!.DeepClone());
            }

            kept[name] = merged;
        }

        return kept;
    }

    private JsonArray ScrubDiff(EntityKind kind, JsonArray diff)
    {
        var scrubbed = new JsonArray();
        foreach (var change in diff)
        {
            var copy = change!.DeepClone().AsObject();
            if (copy["field"]?.GetValue<string>() is { } name && kind.Field(name) is { } field)
            {
                copy["before"] = Scrub(field, copy["before"]);
                copy["after"] = Scrub(field, copy["after"]);
            }

            scrubbed.Add(copy);
        }

        return scrubbed;
    }

    private JsonNode? Scrub(FieldSpec field, JsonNode? value) => field.Type switch
    {
        FieldType.Reference when value is not null && Contains(Guid.Parse(value.GetValue<string>())) => null,
        FieldType.References or FieldType.AlbumItems when value is JsonArray list => new JsonArray([.. list.Where(i => !IsHidden(field, i)).Select(i => i!.DeepClone())]),
        _ => value?.DeepClone(),
    };

    private bool IsHidden(FieldSpec field, JsonNode? item) => field.Type switch
    {
        FieldType.References => Contains(Guid.Parse(item!.GetValue<string>())),
        FieldType.AlbumItems => Contains(Guid.Parse(item!["id"]!.GetValue<string>())),
        _ => false,
    };
}
