namespace Albumi.Grains.Sharing;

/// <summary>A share link as its workspace's members see it: never the token, which is shown once at creation.</summary>
public sealed record ShareLink(Guid Id, string Kind, Guid EntityId, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);
