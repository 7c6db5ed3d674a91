namespace Albumi.Bench;

/// <summary>The smallest grain call there is: what an Orleans call costs, apart from any work a grain does.</summary>
[Alias("albumi.bench.echo-grain")]
public interface IEchoGrain : IGrainWithIntegerKey
{
    Task<int> EchoAsync(int value);

    /// <summary>The silo this activation lives on, to tell local calls from cross-silo ones.</summary>
    Task<string> SiloAsync();
}

/// <summary>Placed on the silo that calls it first, so the benchmark chooses local or cross-silo by who activates it.</summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> EchoAsync(int value) => Task.FromResult(value);

    public Task<string> SiloAsync() => Task.FromResult(RuntimeIdentity);
}

/// <summary>The baseline: the same call to a plain object through an interface, no Orleans.</summary>
public interface IEcho
{
    Task<int> EchoAsync(int value);
}

public sealed class PlainEcho : IEcho
{
    public Task<int> EchoAsync(int value) => Task.FromResult(value);
}
