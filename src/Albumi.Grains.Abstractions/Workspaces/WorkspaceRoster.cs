namespace Albumi.Grains.Workspaces;

/// <summary>
/// What a request's access check needs of a workspace: the workspace, deleted or not, and every member's role, as one
/// version of its rows. The web keeps it in the node cache, so a warm request to a workspace route makes no grain call.
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.workspace-roster.v1")]
public sealed record WorkspaceRoster(
    [property: Id(0)] WorkspaceInfo Workspace,
    [property: Id(1)] IReadOnlyDictionary<Guid, WorkspaceRole> Roles)
{
    /// <summary>The account's role, or null when it is not a member or the workspace is soft-deleted and <paramref name="includeDeleted"/> is not set.</summary>
    public WorkspaceRole? RoleOf(Guid accountId, bool includeDeleted)
        => (includeDeleted || !Workspace.IsDeleted) && Roles.TryGetValue(accountId, out var role) ? role : null;
}
