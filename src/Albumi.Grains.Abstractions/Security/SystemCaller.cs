namespace Albumi.Grains.Security;

/// <summary>The system paths that may call workspace-scoped grains without a member behind them, each by name.</summary>
[GenerateSerializer, Alias("albumi.system-caller.v1")]
public enum SystemCaller
{
    /// <summary>A workspace's own reminder: grace-period deletion, entity retention.</summary>
    WorkspaceLifecycle = 1,

    /// <summary>An account erasure leaving the workspaces the account belonged to.</summary>
    AccountErasure = 2,
}
