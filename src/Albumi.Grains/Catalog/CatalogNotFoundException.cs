namespace Albumi.Grains.Catalog;

/// <summary>The entity, comment or proposal does not exist in this workspace, is deleted, or is hidden from the caller's role.</summary>
public sealed class CatalogNotFoundException(string what) : Exception($"No such {what}.")
{
    public string What { get; } = what;
}
