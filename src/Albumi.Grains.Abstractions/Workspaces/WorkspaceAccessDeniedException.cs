namespace Albumi.Grains.Workspaces;

/// <summary>
/// A call into a workspace-scoped grain made for someone who is not a member of the workspace, or for nobody. The
/// endpoints check membership first, so this is the grain layer's own wall: reaching it means a path skipped a check.
/// </summary>
[GenerateSerializer, Alias("albumi.workspace-access-denied.v1")]
public sealed class WorkspaceAccessDeniedException : Exception
{
    public WorkspaceAccessDeniedException()
        : base("This call is not made for a member of the workspace.")
    {
    }

    public WorkspaceAccessDeniedException(string message)
        : base(message)
    {
    }

    public WorkspaceAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
