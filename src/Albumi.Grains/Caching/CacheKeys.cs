namespace Albumi.Grains.Caching;

/// <summary>The node cache's keys, one per kind of answer a grain gives the web on every request.</summary>
public static class CacheKeys
{
    /// <summary>A session grain's validation (keyed like the grain: the hash of the secret).</summary>
    public static CacheKey Session(string sessionGrainKey) => new(CacheKeyKind.Session, Guid.Empty, sessionGrainKey);

    /// <summary>An API key grain's check (keyed like the grain: the hash of the key).</summary>
    public static CacheKey ApiKey(string apiKeyGrainKey) => new(CacheKeyKind.ApiKey, Guid.Empty, apiKeyGrainKey);

    public static CacheKey AccountProfile(Guid accountId) => new(CacheKeyKind.AccountProfile, accountId, null);

    public static CacheKey AccountMemberships(Guid accountId) => new(CacheKeyKind.AccountMemberships, accountId, null);

    /// <summary>A live workspace as its grain answers it (name, MFA requirement); not its members' roles.</summary>
    public static CacheKey Workspace(Guid workspaceId) => new(CacheKeyKind.Workspace, workspaceId, null);

    /// <summary>A workspace's roster (deleted or not, its members' roles): what every request's access check reads.</summary>
    public static CacheKey WorkspaceRoster(Guid workspaceId) => new(CacheKeyKind.WorkspaceRoster, workspaceId, null);
}
