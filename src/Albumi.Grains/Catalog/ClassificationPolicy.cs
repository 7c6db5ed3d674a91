using System.Text.Json.Nodes;
using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Catalog;

/// <summary>
/// A workspace's rule of who may see what: for each classification, the lowest role that sees entities so classified.
/// By default every member sees everything. Applied in SQL to every read, so a hidden entity is simply absent.
/// </summary>
public sealed record ClassificationPolicy(IReadOnlyDictionary<string, WorkspaceRole> LowestRole)
{
    public static readonly ClassificationPolicy Default = new(EntityKinds.Classifications.ToDictionary(c => c, _ => WorkspaceRole.Viewer));

    /// <summary>The classifications <paramref name="role"/> may see.</summary>
    public string[] VisibleTo(WorkspaceRole role)
        => [.. EntityKinds.Classifications.Where(c => !LowestRole.TryGetValue(c, out var lowest) || role >= lowest)];

    public bool Shows(string? classification, WorkspaceRole role) => classification is null || VisibleTo(role).Contains(classification);

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var classification in EntityKinds.Classifications)
        {
            json[classification] = RoleNames.Of(LowestRole.GetValueOrDefault(classification, WorkspaceRole.Viewer));
        }

        return json;
    }

    public static ClassificationPolicy FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new CatalogErrors();
        var lowest = Default.LowestRole.ToDictionary();
        foreach (var (name, value) in json)
        {
            if (!EntityKinds.Classifications.Contains(name))
            {
                errors.Add(name, $"Unknown classification; expected one of: {string.Join(", ", EntityKinds.Classifications)}.");
            }
            else if (value is JsonValue text && text.TryGetValue<string>(out var roleName) && RoleNames.TryParse(roleName, out var role))
            {
                lowest[name] = role;
            }
            else
            {
                errors.Add(name, "Expected a role: viewer, editor, admin or owner.");
            }
        }

        errors.ThrowIfAny();
        return new ClassificationPolicy(lowest);
    }
}
