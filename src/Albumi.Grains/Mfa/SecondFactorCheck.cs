using Albumi.Grains.Limits;

namespace Albumi.Grains.Mfa;

/// <summary>
/// The outcome of checking a second factor: accepted (and how), or why not; <see cref="Limited"/> when the account's
/// second-factor limit refused the check before the code was looked at (the caller answers 429).
/// </summary>
public sealed record SecondFactorCheck(bool Accepted, string? Method, int? RecoveryCodesLeft, string? Failure, RateLimitDecision? Limited = null)
{
    public static SecondFactorCheck Refused(string failure) => new(false, null, null, failure);

    public static SecondFactorCheck Blocked(RateLimitDecision limit) => new(false, null, null, "rate limited", limit);
}
