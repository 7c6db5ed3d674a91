namespace Albumi.Grains.Workspaces;

/// <summary>
/// An invite not yet used, revoked or expired, as admins see it: never its token or the token's hash.
/// <paramref name="InvitedByName"/> is the maker's display name.
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.pending-invite.v1")]
public sealed record PendingInvite(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Email,
    [property: Id(2)] WorkspaceRole Role,
    [property: Id(3)] Guid InvitedBy,
    [property: Id(4)] string InvitedByName,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt);
