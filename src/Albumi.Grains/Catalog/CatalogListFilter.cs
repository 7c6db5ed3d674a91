namespace Albumi.Grains.Catalog;

/// <summary>
/// What a catalogue page narrows a kind's list to: a piece of the name (any case), one status, or the soft-deleted
/// entities instead of the live ones. <see cref="None"/> is the plain list.
/// </summary>
public sealed record CatalogListFilter(string? NameContains = null, string? Status = null, bool Deleted = false)
{
    public const int MaxNameLength = 200;

    public static readonly CatalogListFilter None = new();

    public bool IsNone => string.IsNullOrEmpty(NameContains) && Status is null && !Deleted;
}
