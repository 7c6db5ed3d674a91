using System.Collections.Frozen;
using Albumi.Grains.Workspaces;

namespace Albumi.Web.Workspaces;

/// <summary>The one table of which role may do what. Each role has its own grants plus every lower role's.</summary>
public static class RolePermissions
{
    private static readonly Permission[] ViewerGrants = [Permission.WorkspaceRead, Permission.MembersRead, Permission.EntityRead];

    private static readonly Permission[] EditorGrants =
        [Permission.EntityCreate, Permission.EntityUpdate, Permission.EntityDelete, Permission.CommentCreate, Permission.ShareCreate];

    private static readonly Permission[] AdminGrants =
        [Permission.WorkspaceRename, Permission.MembersInvite, Permission.MembersRole, Permission.MembersRemove, Permission.ExportRun, Permission.AuditRead,
         Permission.ClassificationPolicyManage];

    private static readonly Permission[] OwnerGrants = [Permission.WorkspaceDelete, Permission.WorkspaceRestore, Permission.OwnershipTransfer];

    private static readonly FrozenDictionary<WorkspaceRole, FrozenSet<Permission>> Table = new Dictionary<WorkspaceRole, FrozenSet<Permission>>
    {
        [WorkspaceRole.Viewer] = ViewerGrants.ToFrozenSet(),
        [WorkspaceRole.Editor] = ViewerGrants.Concat(EditorGrants).ToFrozenSet(),
        [WorkspaceRole.Admin] = ViewerGrants.Concat(EditorGrants).Concat(AdminGrants).ToFrozenSet(),
        [WorkspaceRole.Owner] = ViewerGrants.Concat(EditorGrants).Concat(AdminGrants).Concat(OwnerGrants).ToFrozenSet(),
    }.ToFrozenDictionary();

    public static bool Allows(WorkspaceRole role, Permission permission) => Table.TryGetValue(role, out var granted) && granted.Contains(permission);

    public static IReadOnlySet<Permission> Of(WorkspaceRole role) => Table[role];
}
