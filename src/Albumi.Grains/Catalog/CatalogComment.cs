namespace Albumi.Grains.Catalog;

/// <summary>A comment on an entity; <see cref="Mentions"/> are members it notified.</summary>
public sealed record CatalogComment(Guid Id, Guid EntityId, Guid? AuthorId, string Body, IReadOnlyList<Guid> Mentions, DateTimeOffset CreatedAt, string? AuthorName = null);
