namespace Albumi.Web.Workspaces;

/// <summary>What a request in a workspace may need. Roles map to these in <see cref="RolePermissions"/>, and nowhere else.</summary>
public enum Permission
{
    WorkspaceRead,
    WorkspaceRename,
    WorkspaceDelete,
    WorkspaceRestore,
    MembersRead,
    MembersInvite,
    MembersRole,
    MembersRemove,
    OwnershipTransfer,
    EntityRead,
    EntityCreate,
    EntityUpdate,
    EntityDelete,
    CommentCreate,
    ShareCreate,
    ExportRun,
    AuditRead,
    ClassificationPolicyManage,
}
