using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;

namespace Albumi.Grains.Sharing;

/// <summary>
/// The anonymiser of share links, an allow-list projection: only fields marked <see cref="FieldSpec.Public"/> leave,
/// every id becomes a public id, and a reference shows only the referenced entity's kind and name (when it is live
/// and visible). Whatever is not listed here, including any field added later, stays private.
/// </summary>
public static class ShareProjection
{
    public static JsonObject Project(CatalogEntity entity, IReadOnlyDictionary<Guid, (string Kind, string Name)> referenced, PublicIds ids)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(referenced);
        ArgumentNullException.ThrowIfNull(ids);
        var view = new JsonObject { ["id"] = ids.For(entity.Id), ["kind"] = entity.Kind.Segment };
        foreach (var field in entity.Kind.Fields.Where(f => f.Public))
        {
            var value = entity.Values.GetValueOrDefault(field.Name);
            view[field.Name] = field.Type switch
            {
                FieldType.Reference => value is null ? null : Reference(Guid.Parse(value.GetValue<string>()), referenced, ids),
                FieldType.References => new JsonArray([.. (value?.AsArray() ?? []).Select(i => Reference(Guid.Parse(i!.GetValue<string>()), referenced, ids)).OfType<JsonNode>()]),
                FieldType.AlbumItems => new JsonArray([.. (value?.AsArray() ?? []).Select(i => Reference(Guid.Parse(i!["id"]!.GetValue<string>()), referenced, ids)).OfType<JsonNode>()]),
                FieldType.Member => null,
                _ => value?.DeepClone(),
            };
        }

        return view;
    }

    /// <summary>The ids a view of <paramref name="entity"/> may show, so they can be looked up in one query.</summary>
    public static IEnumerable<Guid> ReferencedIds(CatalogEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var field in entity.Kind.Fields.Where(f => f.Public))
        {
            var value = entity.Values.GetValueOrDefault(field.Name);
            switch (field.Type)
            {
                case FieldType.Reference when value is not null:
                    yield return Guid.Parse(value.GetValue<string>());
                    break;
                case FieldType.References when value is JsonArray list:
                    foreach (var item in list)
                    {
                        yield return Guid.Parse(item!.GetValue<string>());
                    }

                    break;
                case FieldType.AlbumItems when value is JsonArray items:
                    foreach (var item in items)
                    {
                        yield return Guid.Parse(item!["id"]!.GetValue<string>());
                    }

                    break;
            }
        }
    }

    private static JsonObject? Reference(Guid id, IReadOnlyDictionary<Guid, (string Kind, string Name)> referenced, PublicIds ids)
        => referenced.TryGetValue(id, out var target) ? new JsonObject { ["id"] = ids.For(id), ["kind"] = target.Kind, ["name"] = target.Name } : null;
}
