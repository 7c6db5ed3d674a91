namespace Albumi.Grains.Workspaces;

/// <summary>A membership change the workspace's rules refuse.</summary>
[GenerateSerializer, Alias("albumi.workspace-rule.v1")]
public sealed class WorkspaceRuleException(WorkspaceRuleViolation violation, string message) : Exception(message)
{
    [Id(0)]
    public WorkspaceRuleViolation Violation { get; } = violation;
}
