namespace Albumi.Grains.Catalog;

/// <summary>The merge was refused, nothing written: the mainline changed what the draft changes.</summary>
public sealed class ProposalConflictException(IReadOnlyList<ProposalConflict> conflicts)
    : Exception($"The proposal conflicts with {conflicts.Count} change(s) made on the mainline since it was drafted.")
{
    public IReadOnlyList<ProposalConflict> Conflicts { get; } = conflicts;
}
