using Albumi.Grains.Workspaces;

namespace Albumi.Web.Workspaces;

public sealed record CreateWorkspaceRequest(string? Name);

public sealed record UpdateWorkspaceRequest(string? Name, bool? RequireMfa);

public sealed record InviteRequest(string? Email, string? Role);

public sealed record ChangeRoleRequest(string? Role);

public sealed record TransferOwnershipRequest(Guid? AccountId);

public sealed record WorkspaceResponse(Guid Id, string Name, DateTimeOffset CreatedAt, int Version, string Role, bool RequireMfa)
{
    public static WorkspaceResponse From(WorkspaceInfo workspace, WorkspaceRole role)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return new(workspace.Id, workspace.Name, workspace.CreatedAt, workspace.Version, RoleNames.Of(role), workspace.RequireMfa);
    }
}

public sealed record MemberResponse(Guid AccountId, string Email, string DisplayName, string Role, DateTimeOffset JoinedAt);

public sealed record InviteResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record AcceptedInviteResponse(Guid WorkspaceId, string Role);

public sealed record WorkspaceDeletionResponse(DateTimeOffset DeletedAt, DateTimeOffset PurgeAfter);
