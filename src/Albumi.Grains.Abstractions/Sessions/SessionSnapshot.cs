namespace Albumi.Grains.Sessions;

/// <summary>A live session as a request sees it: who, until when, and whether it passed a second factor. No roles: those are read per request.</summary>
[GenerateSerializer, Immutable, Alias("albumi.session-snapshot.v1")]
public sealed record SessionSnapshot([property: Id(0)] Guid SessionId, [property: Id(1)] Guid AccountId, [property: Id(2)] DateTimeOffset ExpiresAt, [property: Id(3)] bool SecondFactorPassed);
