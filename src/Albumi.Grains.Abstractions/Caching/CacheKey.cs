namespace Albumi.Grains.Caching;

/// <summary>
/// A node-cache entry's name: what kind of answer and whose (a Guid, or the grain key of a session or an API key).
/// A value, so a lookup on the paths every request takes builds no string.
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.cache-key.v1")]
public readonly record struct CacheKey(
    [property: Id(0)] CacheKeyKind Kind,
    [property: Id(1)] Guid Id,
    [property: Id(2)] string? GrainKey);

[GenerateSerializer, Alias("albumi.cache-key-kind.v1")]
public enum CacheKeyKind
{
    Session = 1,
    ApiKey = 2,
    AccountProfile = 3,
    AccountMemberships = 4,
    Workspace = 5,
    WorkspaceRoster = 6,
}
