namespace Albumi.Grains.Accounts;

/// <summary>What creating an account takes: a password hash for local accounts, a login for provider accounts.</summary>
[GenerateSerializer, Immutable, Alias("albumi.new-account.v1")]
public sealed record NewAccount([property: Id(0)] string Email, [property: Id(1)] string DisplayName, [property: Id(2)] string? PasswordHash, [property: Id(3)] ExternalLogin? Login);
