namespace Albumi.Grains.Workspaces;

/// <summary>Why a membership change was refused; each maps to one problem type at the HTTP edge.</summary>
[GenerateSerializer, Alias("albumi.workspace-rule-violation.v1")]
public enum WorkspaceRuleViolation
{
    /// <summary>The workspace, member or invite does not exist (or is another tenant's).</summary>
    NotFound,

    /// <summary>The last owner cannot leave, be removed or demoted; ownership moves only by transfer.</summary>
    OwnerRequired,

    /// <summary>An inviter or role-changer cannot grant a role above their own.</summary>
    RoleAboveOwn,

    /// <summary>The invite was used, expired or revoked, its maker may no longer grant it, or it names another address.</summary>
    InviteUnusable,

    /// <summary>The account is a member already.</summary>
    AlreadyMember,

    /// <summary>The soft-deleted workspace's grace period is over: it is being (or has been) deleted for good.</summary>
    GracePeriodOver,

    /// <summary>
    /// The workspace was written by someone else since this activation read it (a brief second activation while silos
    /// join or leave): nothing was written; the activation has read it afresh, so trying again works.
    /// </summary>
    ChangedConcurrently,

    /// <summary>
    /// The change raises a member's role or turns the workspace's 2FA requirement off, and the caller has no recent
    /// step-up (nor an admin-scoped key): nothing was written. Decided in the grain, against the state it writes, so a
    /// change racing another cannot slip a raise past the check.
    /// </summary>
    StepUpRequired,
}
