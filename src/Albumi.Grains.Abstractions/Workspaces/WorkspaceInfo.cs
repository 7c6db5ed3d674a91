namespace Albumi.Grains.Workspaces;

/// <summary>
/// A workspace as its members see it. With <c>RequireMfa</c>, every member needs two-factor authentication to reach it.
/// A soft-deleted workspace has <c>DeletedAt</c> and the time after which it is hard-deleted, <c>PurgeAfter</c>.
/// </summary>
public sealed record WorkspaceInfo(
    Guid Id, string Name, DateTimeOffset CreatedAt, int Version, bool RequireMfa, DateTimeOffset? DeletedAt = null, DateTimeOffset? PurgeAfter = null)
{
    public bool IsDeleted => DeletedAt is not null;
}
