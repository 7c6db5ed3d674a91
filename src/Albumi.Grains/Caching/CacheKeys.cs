namespace Albumi.Grains.Caching;

/// <summary>The node cache's keys, one per kind of answer a grain gives the web on every request.</summary>
public static class CacheKeys
{
    /// <summary>A session grain's validation (keyed like the grain: the hash of the secret).</summary>
    public static string Session(string sessionGrainKey) => "session:" + sessionGrainKey;

    /// <summary>An API key grain's check (keyed like the grain: the hash of the key).</summary>
    public static string ApiKey(string apiKeyGrainKey) => "api-key:" + apiKeyGrainKey;

    public static string AccountProfile(Guid accountId) => "account:" + accountId.ToString("N");

    public static string AccountMemberships(Guid accountId) => "memberships:" + accountId.ToString("N");

    /// <summary>A live workspace as its grain answers it (name, MFA requirement); not its members' roles.</summary>
    public static string Workspace(Guid workspaceId) => "workspace:" + workspaceId.ToString("N");
}
