namespace Albumi.Web.Auth;

/// <summary>Two-factor enforcement (section <c>Albumi:Mfa</c>).</summary>
public sealed class MfaOptions
{
    public const string SectionName = "Albumi:Mfa";

    /// <summary>Owners reach their workspaces only with 2FA on. Operators may relax it (for example for a trial).</summary>
    public bool RequiredForOwners { get; set; } = true;
}
