namespace Albumi.Grains.Sharing;

/// <summary>
/// A share link as its workspace's members see it: never the token, which is shown once at creation. The entity's
/// name is there when the one asking may see the entity and it is live; otherwise null.
/// </summary>
public sealed record ShareLink(
    Guid Id, string Kind, Guid EntityId, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? EntityName = null);
