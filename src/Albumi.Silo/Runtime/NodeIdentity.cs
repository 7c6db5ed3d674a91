namespace Albumi.Silo.Runtime;

/// <summary>Who this node is: a fresh id per process, a display name, and when it started.</summary>
public sealed record NodeIdentity(Guid Id, string Name, string Host, DateTimeOffset StartedAt);
