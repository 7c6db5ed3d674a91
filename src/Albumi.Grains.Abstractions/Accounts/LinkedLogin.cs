namespace Albumi.Grains.Accounts;

/// <summary>A sign-in provider linked to an account (provider + the provider's subject id).</summary>
public sealed record LinkedLogin(string Provider, string Subject, DateTimeOffset LinkedAt);
