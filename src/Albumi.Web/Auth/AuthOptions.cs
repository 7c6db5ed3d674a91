namespace Albumi.Web.Auth;

/// <summary>Sign-in settings (section <c>Albumi:Auth</c>); the limits on guessing are <c>AuthLimitOptions</c>, same section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Albumi:Auth";

    /// <summary>Email + password accounts; on by default only with the embedded database.</summary>
    public bool? LocalAccounts { get; set; }
}
