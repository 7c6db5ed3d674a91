namespace Albumi.Grains.Workspaces;

/// <summary>
/// A workspace as its members see it. With <c>RequireMfa</c>, every member needs two-factor authentication to reach it.
/// A soft-deleted workspace has <c>DeletedAt</c> and the time after which it is hard-deleted, <c>PurgeAfter</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.workspace-info.v1")]
public sealed record WorkspaceInfo(
    [property: Id(0)] Guid Id, [property: Id(1)] string Name, [property: Id(2)] DateTimeOffset CreatedAt, [property: Id(3)] int Version, [property: Id(4)] bool RequireMfa, [property: Id(5)] DateTimeOffset? DeletedAt = null, [property: Id(6)] DateTimeOffset? PurgeAfter = null)
{
    public bool IsDeleted => DeletedAt is not null;
}
