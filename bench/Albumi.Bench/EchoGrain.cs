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

/// <summary>Times calls from inside a grain to another grain, as grains call one another (a workspace grain's lifecycle calls, a fan-out).</summary>
[Alias("albumi.bench.echo-caller-grain")]
public interface IEchoCallerGrain : IGrainWithIntegerKey
{
    /// <summary>Per-call times in µs, sorted, of <paramref name="calls"/> calls to the echo grain <paramref name="echoKey"/>, one at a time.</summary>
    Task<double[]> TimeCallsAsync(long echoKey, int calls);
}

[Orleans.Placement.PreferLocalPlacement]
public sealed class EchoCallerGrain : Grain, IEchoCallerGrain
{
    public async Task<double[]> TimeCallsAsync(long echoKey, int calls)
    {
        var echo = GrainFactory.GetGrain<IEchoGrain>(echoKey);
        var micros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await echo.EchoAsync(i);
            micros[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(micros);
        return micros;
    }
}
