namespace Albumi.Grains.Audit;

public enum SecurityOutcome
{
    Success,
    Failure,
    Blocked,
}
