using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;

namespace Albumi.Grains.Catalog;

/// <summary>
/// The checks that need the database: every id a change sets names a live entity of the right kind that the caller
/// may see (in this workspace: row-level security sees to that), members are members, and parents form no cycle.
/// </summary>
internal static class ReferenceChecks
{
    public static async Task RunAsync(WorkspaceScope scope, EntityKind kind, Guid id, IReadOnlyDictionary<string, JsonNode?> changed, string[] visible)
    {
        var errors = new CatalogErrors();
        var wanted = new List<(string Path, string? Kind, Guid Id)>();
        var members = new List<(string Path, Guid Id)>();
        foreach (var (name, value) in changed)
        {
            var field = kind.Field(name)!;
            switch (field.Type)
            {
                case FieldType.Reference when value is not null:
                    wanted.Add((name, field.Target, Guid.Parse(value.GetValue<string>())));
                    break;
                case FieldType.References when value is JsonArray ids:
                    wanted.AddRange(ids.Select((item, i) => ($"{name}[{i}]", field.Target, Guid.Parse(item!.GetValue<string>()))));
                    break;
                case FieldType.AlbumItems when value is JsonArray items:
                    wanted.AddRange(items.Select((item, i) => ($"{name}[{i}].id", (string?)item!["kind"]!.GetValue<string>(), Guid.Parse(item["id"]!.GetValue<string>()))));
                    break;
                case FieldType.Member when value is not null:
                    members.Add((name, Guid.Parse(value.GetValue<string>())));
                    break;
                case FieldType.Choice when name == "classification" && value is not null && !visible.Contains(value.GetValue<string>()):
                    errors.Add(name, "Your role may not see entities with this classification, so it cannot give it.");
                    break;
            }
        }

        var found = await EntityRows.LiveNamesAsync(scope, [.. wanted.Select(w => w.Id).Distinct()], visible);
        foreach (var (path, target, targetId) in wanted)
        {
            if (!found.TryGetValue(targetId, out var actual) || actual.Kind != target)
            {
                errors.Add(path, $"No {(target is null ? "entity" : EntityKinds.Find(target).Singular)} with this id in the workspace.");
            }
        }

        if (members.Count > 0)
        {
            var present = await MemberIdsAsync(scope, [.. members.Select(m => m.Id)]);
            foreach (var (path, member) in members.Where(m => !present.Contains(m.Id)))
            {
                errors.Add(path, "Not a member of this workspace.");
            }
        }

        foreach (var field in kind.Fields.Where(f => f.Acyclic && changed.GetValueOrDefault(f.Name) is not null && !errors.Has(f.Name)))
        {
            var parent = Guid.Parse(changed[field.Name]!.GetValue<string>());
            if (parent == id || await EntityRows.ReachesAsync(scope, field.Name, parent, id))
            {
                errors.Add(field.Name, $"This parent would make a cycle: the {kind.Singular} would be its own ancestor.");
            }
        }

        errors.ThrowIfAny();
    }

    public static async Task<HashSet<Guid>> MemberIdsAsync(WorkspaceScope scope, Guid[] ids)
    {
        await using var command = scope.CreateCommand("SELECT account_id FROM workspace_members WHERE account_id = ANY($1)");
        command.Parameters.AddWithValue(ids);
        var present = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            present.Add(reader.GetGuid(0));
        }

        return present;
    }
}
