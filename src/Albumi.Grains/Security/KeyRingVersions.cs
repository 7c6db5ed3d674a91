namespace Albumi.Grains.Security;

/// <summary>Which data keys are live and which one new ciphertexts use: all a node needs to know whether its unwrapped copy is current.</summary>
[GenerateSerializer, Immutable, Alias("albumi.key-ring-versions.v1")]
public sealed record KeyRingVersions([property: Id(0)] int Current, [property: Id(1)] IReadOnlyList<int> Live);
