using Albumi.Grains.Catalog;

namespace Albumi.Web.Catalog;

/// <summary>A page of a catalogue list: the entities, and the cursor of the next page (null on the last).</summary>
public sealed record CatalogPage(IReadOnlyList<CatalogEntity> Items, string? NextCursor);
