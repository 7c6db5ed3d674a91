namespace Albumi.Grains.Workspaces;

/// <summary>Roles in a workspace, lowest first, so that a higher role compares greater.</summary>
[GenerateSerializer, Alias("albumi.workspace-role.v1")]
public enum WorkspaceRole
{
    Viewer = 1,
    Editor = 2,
    Admin = 3,
    Owner = 4,
}
