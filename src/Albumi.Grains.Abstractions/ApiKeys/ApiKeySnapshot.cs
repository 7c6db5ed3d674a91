namespace Albumi.Grains.ApiKeys;

/// <summary>A key as a request sees it: whose it is and how it was narrowed. Never the key or its hash.</summary>
public sealed record ApiKeySnapshot(
    Guid KeyId,
    Guid AccountId,
    string Prefix,
    IReadOnlySet<string> Scopes,
    IReadOnlyList<Guid>? WorkspaceIds,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt);
