namespace Albumi.Grains.Accounts;

/// <summary>What an account is: never its password hash.</summary>
[GenerateSerializer, Immutable, Alias("albumi.account-profile.v1")]
public sealed record AccountProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] AccountStatus Status,
    [property: Id(4)] IReadOnlyList<LinkedLogin> Logins,
    [property: Id(5)] DateTimeOffset CreatedAt);
