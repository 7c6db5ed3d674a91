using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Accounts;

/// <summary>An account's membership of one workspace.</summary>
[GenerateSerializer, Immutable, Alias("albumi.membership.v1")]
public sealed record Membership([property: Id(0)] Guid WorkspaceId, [property: Id(1)] WorkspaceRole Role);
