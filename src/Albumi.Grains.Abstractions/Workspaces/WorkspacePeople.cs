namespace Albumi.Grains.Workspaces;

/// <summary>What the workspace page shows of its people: the members and, for those who may invite, the pending invites.</summary>
[GenerateSerializer, Immutable, Alias("albumi.workspace-people.v1")]
public sealed record WorkspacePeople([property: Id(0)] IReadOnlyList<WorkspaceMember> Members, [property: Id(1)] IReadOnlyList<PendingInvite> Invites);
