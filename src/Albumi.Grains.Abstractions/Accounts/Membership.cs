using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Accounts;

/// <summary>An account's membership of one workspace.</summary>
public sealed record Membership(Guid WorkspaceId, WorkspaceRole Role);
