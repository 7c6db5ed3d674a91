using System.ComponentModel.DataAnnotations;
using Albumi.Grains.Accounts;
using Albumi.Grains.Workspaces;

namespace Albumi.Web.Workspaces;

// The attributes describe, for the API document, the limits the endpoints check themselves (same constants).
public sealed record CreateWorkspaceRequest([property: Required, StringLength(WorkspaceEndpoints.MaxNameLength, MinimumLength = 1)] string? Name);

/// <summary>Only what is given changes.</summary>
public sealed record UpdateWorkspaceRequest
{
    [StringLength(WorkspaceEndpoints.MaxNameLength, MinimumLength = 1)]
    public string? Name { get; init; }

    public bool? RequireMfa { get; init; }
}

public sealed record InviteRequest(
    [property: Required, StringLength(EmailAddress.MaxLength, MinimumLength = 3)] string? Email,
    [property: Required, AllowedValues("admin", "editor", "viewer")] string? Role);

public sealed record ChangeRoleRequest([property: Required, AllowedValues("admin", "editor", "viewer")] string? Role);

public sealed record TransferOwnershipRequest([property: Required] Guid? AccountId);

public sealed record WorkspaceResponse(Guid Id, string Name, DateTimeOffset CreatedAt, int Version, string Role, bool RequireMfa)
{
    public static WorkspaceResponse From(WorkspaceInfo workspace, WorkspaceRole role)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return new(workspace.Id, workspace.Name, workspace.CreatedAt, workspace.Version, RoleNames.Of(role), workspace.RequireMfa);
    }
}

public sealed record MemberResponse(Guid AccountId, string Email, string DisplayName, string Role, DateTimeOffset JoinedAt);

public sealed record InviteResponse(Guid Id, string Token, DateTimeOffset ExpiresAt);

/// <summary>A pending invite: whom it names, the role it grants, who made it and when; never its token.</summary>
public sealed record PendingInviteResponse(Guid Id, string Email, string Role, Guid InvitedBy, string InvitedByName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static PendingInviteResponse From(PendingInvite invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        return new(invite.Id, invite.Email, RoleNames.Of(invite.Role), invite.InvitedBy, invite.InvitedByName, invite.CreatedAt, invite.ExpiresAt);
    }
}

public sealed record AcceptedInviteResponse(Guid WorkspaceId, string Role);

public sealed record WorkspaceDeletionResponse(DateTimeOffset DeletedAt, DateTimeOffset PurgeAfter);
