namespace Albumi.Grains.Accounts;

/// <summary>The account owns workspaces: ownership must move to someone else before the account can be erased.</summary>
[GenerateSerializer, Alias("albumi.owner-must-transfer.v1")]
public sealed class OwnerMustTransferException(IReadOnlyList<Guid> workspaces)
    : Exception($"This account owns {workspaces.Count} workspace(s); transfer ownership of each first.")
{
    [Id(0)]
    public IReadOnlyList<Guid> Workspaces { get; } = workspaces;
}
