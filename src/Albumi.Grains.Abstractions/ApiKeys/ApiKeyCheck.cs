namespace Albumi.Grains.ApiKeys;

/// <summary>The outcome of checking a key; <see cref="Key"/> is set for every known key, live or not.</summary>
[GenerateSerializer, Immutable, Alias("albumi.api-key-check.v1")]
public sealed record ApiKeyCheck([property: Id(0)] ApiKeyStatus Status, [property: Id(1)] ApiKeySnapshot? Key);

[GenerateSerializer, Alias("albumi.api-key-status.v1")]
public enum ApiKeyStatus
{
    Valid,
    Unknown,
    Revoked,
    Expired,
}
