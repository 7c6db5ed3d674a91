using Albumi.Grains.Workspaces;

namespace Albumi.Web.Pages.Workspace;

/// <summary>The classification policy in words: "Confidential: seen by admins and the owner".</summary>
public static class ClassificationPolicyLabels
{
    /// <summary>The roles a classification's lowest role may be, lowest first (the API's choices).</summary>
    public static IReadOnlyList<WorkspaceRole> Roles { get; } = [WorkspaceRole.Viewer, WorkspaceRole.Editor, WorkspaceRole.Admin, WorkspaceRole.Owner];

    public static string Classification(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>Who a lowest role lets see: that role and every role above it.</summary>
    public static string AndAbove(WorkspaceRole lowest) => lowest switch
    {
        WorkspaceRole.Viewer => "every member",
        WorkspaceRole.Editor => "editors, admins and the owner",
        WorkspaceRole.Admin => "admins and the owner",
        _ => "the owner only",
    };
}
