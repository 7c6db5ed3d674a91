namespace Albumi.Grains.Catalog;

/// <summary>The proposal was merged or discarded already; a closed proposal takes no more changes.</summary>
public sealed class ProposalClosedException(string status) : Exception($"The proposal is {status} and takes no more changes.")
{
    public string Status { get; } = status;
}
