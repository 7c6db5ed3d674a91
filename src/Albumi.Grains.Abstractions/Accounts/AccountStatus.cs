namespace Albumi.Grains.Accounts;

/// <summary>Whether an account may sign in. Anything stored that is not "active" reads as not active (fail closed).</summary>
[GenerateSerializer, Alias("albumi.account-status.v1")]
public enum AccountStatus
{
    Active,
    Disabled,

    /// <summary>The account asked to be forgotten and was: only a tombstone is left.</summary>
    Erased,
}

public static class AccountStatuses
{
    public static AccountStatus Parse(string stored) => stored switch
    {
        "active" => AccountStatus.Active,
        "erased" => AccountStatus.Erased,
        _ => AccountStatus.Disabled,
    };
}
