namespace Albumi.Grains.Mfa;

/// <summary>A started TOTP enrolment: the secret for the user's app, as text and as an otpauth URI.</summary>
public sealed record TotpEnrollment(string Secret, string OtpauthUri)
{
    /// <summary>Never the secret.</summary>
    public override string ToString() => "TotpEnrollment { Secret = (hidden) }";
}
