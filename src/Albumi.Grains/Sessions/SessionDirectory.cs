using Albumi.Grains.Persistence;

namespace Albumi.Grains.Sessions;

/// <summary>Finds a session's grain by the session's public id, within one account (another account's session is not found).</summary>
public sealed class SessionDirectory(AlbumiDataSources dataSources, IGrainFactory grains)
{
    /// <summary>The grain of the account's live session <paramref name="sessionId"/>, or null.</summary>
    public async Task<ISessionGrain?> FindLiveAsync(Guid accountId, Guid sessionId)
    {
        await using var query = dataSources.App.CreateCommand("SELECT id_hash FROM sessions WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL");
        query.Parameters.AddWithValue(sessionId);
        query.Parameters.AddWithValue(accountId);
        return await query.ExecuteScalarAsync() is byte[] hash ? grains.GetGrain<ISessionGrain>(SessionToken.GrainKey(hash)) : null;
    }
}
