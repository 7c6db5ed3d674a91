using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// What the ids on a catalogue page stand for, read once per page: the names of the entities it mentions that the
/// caller may see, and the workspace's members.
/// </summary>
public sealed class CatalogNames(IReadOnlyDictionary<Guid, (string Kind, string Name)> entities, IReadOnlyList<WorkspaceMember> members)
{
    private readonly Dictionary<Guid, string> _members = members.ToDictionary(m => m.AccountId, m => m.DisplayName);

    public IReadOnlyList<WorkspaceMember> Members { get; } = members;

    public static async Task<CatalogNames> LoadAsync(CatalogStore catalog, IGrainFactory grains, CatalogActor actor, IEnumerable<Guid> entityIds)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(actor);
        var names = await catalog.NamesAsync(actor, entityIds.ToHashSet());
        var members = await grains.GetGrain<IWorkspaceGrain>(actor.WorkspaceId).ListMembersAsync();
        return new CatalogNames(names, members);
    }

    /// <summary>The entity's kind and name, or null when it is deleted or hidden from the caller.</summary>
    public (string Kind, string Name)? Entity(Guid id) => entities.TryGetValue(id, out var entity) ? entity : null;

    public string Member(Guid id) => _members.TryGetValue(id, out var name) ? name : "a former member";

    /// <summary>The entity ids a value of <paramref name="field"/> names (references, album items).</summary>
    public static IEnumerable<Guid> IdsIn(FieldSpec field, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        IEnumerable<JsonNode?> items = field.Type switch
        {
            FieldType.Reference when value is JsonValue => [value],
            FieldType.References when value is JsonArray list => list,
            FieldType.AlbumItems when value is JsonArray list => list.Select(item => item?["id"]),
            _ => [],
        };
        foreach (var item in items)
        {
            if (item is JsonValue text && text.TryGetValue<string>(out var s) && Guid.TryParse(s, out var id))
            {
                yield return id;
            }
        }
    }
}
