namespace Albumi.Web.Auth.Oidc;

/// <summary>The claims the OIDC handler passes on from a validated id_token.</summary>
public static class OidcClaims
{
    public const string Subject = "oidc:sub";
    public const string Email = "oidc:email";
    public const string EmailVerified = "oidc:email_verified";
    public const string Name = "oidc:name";
}
