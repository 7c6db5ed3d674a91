using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Microsoft.Extensions.Options;

namespace Albumi.Grains.Sessions;

/// <summary>Starts sessions: a fresh secret for the cookie, its hash and the session's details in PostgreSQL.</summary>
public sealed class SessionIssuer(AlbumiDataSources dataSources, IOptions<SessionLifetimeOptions> options, AlbumiClock clock)
{
    public async Task<IssuedSession> StartAsync(
        Guid accountId, string provider, System.Net.IPAddress? ip, string? userAgent, bool secondFactorPassed = false, CancellationToken cancellationToken = default)
    {
        var secret = SessionToken.NewSecret();
        SessionToken.TryHash(secret, out var hash);
        var now = clock.GetUtcNow();
        var lifetime = options.Value;
        var id = Guid.CreateVersion7(now);
        var expiresAt = now + lifetime.IdleTimeout;
        // The account row is locked (FOR SHARE) and must be active: a disable or an erasure either waits for this sign-in
        // and then revokes its session with the others, or commits first and no session is made (the cookie then names
        // none, and every node refuses it).
        await using var insert = dataSources.App.CreateCommand("""
            INSERT INTO sessions (id, id_hash, account_id, provider, created_at, last_seen_at, expires_at, absolute_expires_at, ip, user_agent, second_factor_at)
            SELECT $1, $2, a.id, $4, $5, $5, $6, $7, $8, $9, CASE WHEN $10 THEN $5 END
            FROM accounts a WHERE a.id = $3 AND a.status = 'active'
            FOR SHARE
            """);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(hash);
        insert.Parameters.AddWithValue(accountId);
        insert.Parameters.AddWithValue(provider);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.AddWithValue(expiresAt);
        insert.Parameters.AddWithValue(now + lifetime.AbsoluteTimeout);
        insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)ip ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Inet });
        insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)Truncate(userAgent) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.AddWithValue(secondFactorPassed);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return new IssuedSession(id, secret, expiresAt);
    }

    internal static string? Truncate(string? userAgent) => userAgent is { Length: > 512 } ? userAgent[..512] : userAgent;
}

/// <summary>A new session: its public id, the secret for the cookie (never stored), and when it expires unless used.</summary>
public sealed record IssuedSession(Guid SessionId, string Secret, DateTimeOffset ExpiresAt)
{
    /// <summary>Never the secret: a record's default ToString would print it wherever the record is logged.</summary>
    public override string ToString() => $"IssuedSession {{ SessionId = {SessionId}, ExpiresAt = {ExpiresAt:O} }}";
}
