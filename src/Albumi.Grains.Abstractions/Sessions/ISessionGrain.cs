namespace Albumi.Grains.Sessions;

/// <summary>
/// One server-side session, keyed by the hex SHA-256 of the secret the cookie carries (the secret itself is never
/// stored). A validation that accepts reads the session's row (one indexed read; nodes keep its answer for a moment),
/// so a revocation holds for every activation, even one the revoking call never reached.
/// </summary>
[Alias("albumi.session-grain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>The live session, or null when unknown, revoked, expired, or its account is disabled.</summary>
    [Repeatable]
    Task<SessionSnapshot?> ValidateAsync();

    /// <summary>
    /// Pushes the expiry to <paramref name="expiresAt"/>, never past the absolute lifetime nor backwards: the cookie
    /// handler's sliding renewal. Does nothing to a session that is not live.
    /// </summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task RenewAsync(DateTimeOffset expiresAt);

    /// <summary>Records that this session passed a second factor just now (a step-up).</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task MarkSecondFactorPassedAsync();

    /// <summary>Records that the person proved who they are again on this session just now (their password): a step-up without a second factor.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task MarkReauthenticatedAsync();

    /// <summary>Revokes this session; false when it was not live.</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<bool> RevokeAsync(string reason);

    /// <summary>Reads the session afresh; called by whoever changed its row (the account revoking all its sessions).</summary>
    [Repeatable]
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task ReloadAsync();
}
