namespace Albumi.Grains.ApiKeys;

/// <summary>The outcome of checking a key; <see cref="Key"/> is set for every known key, live or not.</summary>
public sealed record ApiKeyCheck(ApiKeyStatus Status, ApiKeySnapshot? Key);

public enum ApiKeyStatus
{
    Valid,
    Unknown,
    Revoked,
    Expired,
}
