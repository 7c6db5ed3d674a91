namespace Albumi.Grains.Accounts;

/// <summary>A sign-in provider linked to an account (provider + the provider's subject id).</summary>
[GenerateSerializer, Immutable, Alias("albumi.linked-login.v1")]
public sealed record LinkedLogin([property: Id(0)] string Provider, [property: Id(1)] string Subject, [property: Id(2)] DateTimeOffset LinkedAt);
