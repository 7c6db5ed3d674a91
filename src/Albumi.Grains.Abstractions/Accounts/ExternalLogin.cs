namespace Albumi.Grains.Accounts;

/// <summary>An identity asserted by a sign-in provider. Only a verified email may link to an existing account.</summary>
public sealed record ExternalLogin(string Provider, string Subject, string? Email, bool EmailVerified);
