namespace Albumi.Grains.Catalog;

/// <summary>A note to one member: they were mentioned in a comment on, or assigned, an entity.</summary>
public sealed record CatalogNotification(Guid Id, string Reason, Guid EntityId, string EntityKind, Guid? CommentId, Guid? ActorId, DateTimeOffset CreatedAt);
