namespace Albumi.Grains.Sessions;

/// <summary>
/// A live session as a request sees it: who, when it last passed a second factor and when the person last proved who
/// they are on it (sign-in, password again, or a second factor: what step-up measures), until when it lives unless
/// renewed, and the hard end no renewal passes. No roles: those are read per request.
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.session-snapshot.v3")]
public sealed record SessionSnapshot(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Guid AccountId,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] DateTimeOffset? SecondFactorAt,
    [property: Id(4)] DateTimeOffset AbsoluteExpiresAt,
    [property: Id(5)] DateTimeOffset AuthenticatedAt);
