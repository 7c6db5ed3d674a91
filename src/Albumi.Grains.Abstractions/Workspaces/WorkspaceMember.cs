namespace Albumi.Grains.Workspaces;

/// <summary>A member with the account details a member list shows.</summary>
[GenerateSerializer, Immutable, Alias("albumi.workspace-member.v1")]
public sealed record WorkspaceMember([property: Id(0)] Guid AccountId, [property: Id(1)] string Email, [property: Id(2)] string DisplayName, [property: Id(3)] WorkspaceRole Role, [property: Id(4)] DateTimeOffset JoinedAt);
