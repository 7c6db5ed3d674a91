namespace Albumi.Grains.Workspaces;

/// <summary>A membership change the workspace's rules refuse.</summary>
public sealed class WorkspaceRuleException(WorkspaceRuleViolation violation, string message) : Exception(message)
{
    public WorkspaceRuleViolation Violation { get; } = violation;
}
