namespace Albumi.Grains.Workspaces;

/// <summary>A new invite: its id (to list and revoke it by) and its token, which is shown once and kept only as a hash.</summary>
[GenerateSerializer, Immutable, Alias("albumi.created-invite.v1")]
public sealed record CreatedInvite([property: Id(0)] Guid Id, [property: Id(1)] string Token, [property: Id(2)] DateTimeOffset ExpiresAt);
