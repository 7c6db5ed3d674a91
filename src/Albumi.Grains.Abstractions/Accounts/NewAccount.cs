namespace Albumi.Grains.Accounts;

/// <summary>What creating an account takes: a password hash for local accounts, a login for provider accounts.</summary>
public sealed record NewAccount(string Email, string DisplayName, string? PasswordHash, ExternalLogin? Login);
