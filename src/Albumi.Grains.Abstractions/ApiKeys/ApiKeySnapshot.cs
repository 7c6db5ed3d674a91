namespace Albumi.Grains.ApiKeys;

/// <summary>A key as a request sees it: whose it is and how it was narrowed. Never the key or its hash.</summary>
[GenerateSerializer, Immutable, Alias("albumi.api-key-snapshot.v1")]
public sealed record ApiKeySnapshot(
    [property: Id(0)] Guid KeyId,
    [property: Id(1)] Guid AccountId,
    [property: Id(2)] string Prefix,
    [property: Id(3)] IReadOnlySet<string> Scopes,
    [property: Id(4)] IReadOnlyList<Guid>? WorkspaceIds,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] DateTimeOffset CreatedAt);
