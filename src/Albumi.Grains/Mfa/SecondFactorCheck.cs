namespace Albumi.Grains.Mfa;

/// <summary>The outcome of checking a second factor: accepted (and how), or why not.</summary>
public sealed record SecondFactorCheck(bool Accepted, string? Method, int? RecoveryCodesLeft, string? Failure)
{
    public static SecondFactorCheck Refused(string failure) => new(false, null, null, failure);
}
