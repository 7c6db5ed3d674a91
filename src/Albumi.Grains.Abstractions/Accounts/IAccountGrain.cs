namespace Albumi.Grains.Accounts;

/// <summary>One account (key: the account id). Holds the profile and fans revocations out to the account's sessions.</summary>
[Alias("albumi.account-grain")]
public interface IAccountGrain : IGrainWithGuidKey
{
    /// <summary>Creates the account under this grain's key; throws <see cref="EmailAlreadyRegisteredException"/> on a taken email.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<AccountProfile> CreateAsync(NewAccount account);

    /// <summary>Links another provider's login to this account.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task LinkLoginAsync(ExternalLogin login);

    /// <summary>The account's profile, or null when there is no such account.</summary>
    [Repeatable]
    Task<AccountProfile?> GetProfileAsync();

    /// <summary>The workspaces the account is a member of, with its role in each (cached; workspaces announce changes).</summary>
    [Repeatable]
    Task<IReadOnlyList<Membership>> GetMembershipsAsync();

    /// <summary>Revokes every live session of the account except <paramref name="keepSessionId"/>; returns their ids.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<IReadOnlyList<Guid>> RevokeSessionsAsync(Guid? keepSessionId, string reason);

    /// <summary>Disables the account and revokes all its sessions and API keys; a disabled account cannot sign in.</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task DisableAsync();

    /// <summary>Reads the profile afresh and forgets the memberships; called by whoever changed the account's rows (erasure).</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task ReloadAsync();

    /// <summary>Forgets the cached memberships; a workspace calls it after changing this account's membership there.</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task ForgetMembershipsAsync();
}
