namespace Albumi.Grains.Workspaces;

/// <summary>The lowercase names roles have in the API and the database.</summary>
public static class RoleNames
{
    public static string Of(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Viewer => "viewer",
        WorkspaceRole.Editor => "editor",
        WorkspaceRole.Admin => "admin",
        WorkspaceRole.Owner => "owner",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a workspace role."),
    };

    /// <summary>Parses a role by its lowercase name only (never by number).</summary>
    public static bool TryParse(string? name, out WorkspaceRole role)
    {
        role = default;
        return name is "owner" or "admin" or "editor" or "viewer" && Enum.TryParse(name, ignoreCase: true, out role);
    }
}
