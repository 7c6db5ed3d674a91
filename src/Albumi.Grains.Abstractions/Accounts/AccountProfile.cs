namespace Albumi.Grains.Accounts;

/// <summary>What an account is: never its password hash.</summary>
public sealed record AccountProfile(
    Guid Id,
    string Email,
    string DisplayName,
    AccountStatus Status,
    IReadOnlyList<LinkedLogin> Logins,
    DateTimeOffset CreatedAt);
