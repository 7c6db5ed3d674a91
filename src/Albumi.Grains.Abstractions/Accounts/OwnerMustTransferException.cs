namespace Albumi.Grains.Accounts;

/// <summary>The account owns workspaces: ownership must move to someone else before the account can be erased.</summary>
public sealed class OwnerMustTransferException(IReadOnlyList<Guid> workspaces)
    : Exception($"This account owns {workspaces.Count} workspace(s); transfer ownership of each first.")
{
    public IReadOnlyList<Guid> Workspaces { get; } = workspaces;
}
