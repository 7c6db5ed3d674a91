namespace Albumi.Grains.Accounts;

/// <summary>Another account already has this email (compared case-insensitively).</summary>
[GenerateSerializer, Alias("albumi.email-already-registered.v1")]
public sealed class EmailAlreadyRegisteredException() : Exception("An account with this email already exists.");
