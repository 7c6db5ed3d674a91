namespace Albumi.Grains.Catalog;

/// <summary>The caller's <c>If-Match</c> version is not the entity's current version: someone changed it meanwhile.</summary>
public sealed class VersionConflictException(int expected, int current)
    : Exception($"The entity is at version {current}, not {expected}: read it again and reapply your change.")
{
    public int Current { get; } = current;
}
