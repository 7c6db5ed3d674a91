namespace Albumi.Grains.Accounts;

/// <summary>An identity asserted by a sign-in provider. Only a verified email may link to an existing account.</summary>
[GenerateSerializer, Immutable, Alias("albumi.external-login.v1")]
public sealed record ExternalLogin([property: Id(0)] string Provider, [property: Id(1)] string Subject, [property: Id(2)] string? Email, [property: Id(3)] bool EmailVerified);
