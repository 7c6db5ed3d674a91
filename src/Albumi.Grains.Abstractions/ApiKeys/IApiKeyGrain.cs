namespace Albumi.Grains.ApiKeys;

/// <summary>One API key, keyed by the hex SHA-256 of the key (the key itself is never stored). A validation that accepts
/// reads the key's row (nodes keep its answer for a moment), so a revocation holds for every activation.</summary>
[Alias("albumi.api-key-grain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Checks the key: what it may do when valid, or why it is refused.</summary>
    [Repeatable]
    Task<ApiKeyCheck> ValidateAsync();

    /// <summary>Revokes the key; false when it was not live.</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<bool> RevokeAsync();

    /// <summary>Reads the key afresh; called by whoever changed its row (the account being disabled).</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task ReloadAsync();
}
