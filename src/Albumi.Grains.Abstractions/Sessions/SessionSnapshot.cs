namespace Albumi.Grains.Sessions;

/// <summary>A live session as a request sees it: who, until when, and whether it passed a second factor. No roles: those are read per request.</summary>
public sealed record SessionSnapshot(Guid SessionId, Guid AccountId, DateTimeOffset ExpiresAt, bool SecondFactorPassed);
