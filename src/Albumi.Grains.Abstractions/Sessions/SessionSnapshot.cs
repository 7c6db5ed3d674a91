namespace Albumi.Grains.Sessions;

/// <summary>
/// A live session as a request sees it: who, whether it passed a second factor, until when it lives unless renewed, and
/// the hard end no renewal passes. No roles: those are read per request.
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.session-snapshot.v2")]
public sealed record SessionSnapshot(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Guid AccountId,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool SecondFactorPassed,
    [property: Id(4)] DateTimeOffset AbsoluteExpiresAt);
