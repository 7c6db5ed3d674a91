namespace Albumi.Grains;

/// <summary>
/// Marks a grain method whose second call, after a first one that may or may not have run, leaves the same outcome: a
/// read, a revocation, a reload. Such a call is repeated when the silo it went to died under it
/// (<see cref="SiloUnavailableException"/>); any other call is repeated only when it provably never left.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RepeatableAttribute : Attribute;
