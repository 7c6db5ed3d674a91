namespace Albumi.Grains.Catalog;

/// <summary>A draft of changes to the catalogue, invisible on the mainline until merged.</summary>
public sealed record Proposal(Guid Id, string Title, Guid AuthorId, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt)
{
    public const string Draft = "draft";
    public const string Merged = "merged";
    public const string Discarded = "discarded";
}
