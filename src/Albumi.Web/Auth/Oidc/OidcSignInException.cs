namespace Albumi.Web.Auth.Oidc;

/// <summary>An OIDC sign-in refused, with a short reason fit for the audit log (never token contents).</summary>
public sealed class OidcSignInException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}
