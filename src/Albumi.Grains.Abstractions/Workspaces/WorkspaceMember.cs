namespace Albumi.Grains.Workspaces;

/// <summary>A member with the account details a member list shows.</summary>
public sealed record WorkspaceMember(Guid AccountId, string Email, string DisplayName, WorkspaceRole Role, DateTimeOffset JoinedAt);
