namespace Albumi.Grains.Accounts;

public enum AccountStatus
{
    Active,
    Disabled,
}
