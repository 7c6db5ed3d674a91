using System.Diagnostics;
using System.Globalization;

namespace Albumi.Bench;

/// <summary>
/// Grain calls made one after another from outside any grain (as an endpoint makes them): to an activation on the
/// caller's silo and to one on the other silo, each call timed on its own; the baseline is the same call to a plain
/// object, and a hop to the thread pool and back (the least any scheduled call pays). Then the memory an idle
/// activation holds.
/// </summary>
internal static class GrainCalls
{
    private const int Calls = 50_000;
    private const int Activations = 20_000;
    private const int Callers = 8;

    /// <summary>
    /// How long each figure's path runs before it is timed. Tiered compilation with dynamic PGO goes through an
    /// instrumented tier before the optimised one; a few thousand calls end inside it and time the JIT, not the call.
    /// </summary>
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(IGrainFactory nodeA, IGrainFactory nodeB)
    {
        var local = nodeA.GetGrain<IEchoGrain>(1);
        var remote = nodeA.GetGrain<IEchoGrain>(2);
        var here = await local.SiloAsync();
        var there = await nodeB.GetGrain<IEchoGrain>(2).SiloAsync();
        if (here == there)
        {
            throw new InvalidOperationException("Both echo activations landed on one silo; the cross-silo figure would be a local one.");
        }

        IEcho plain = new PlainEcho();
        var baseline = await TimeAsync(plain.EchoAsync);
        var localCall = await TimeAsync(local.EchoAsync);
        var crossSilo = await TimeAsync(remote.EchoAsync);
        Print("plain interface call (baseline)", baseline, baseline);
        Print("thread-pool hop there and back (Task.Run)", await TimeAsync(i => Task.Run(() => i)), baseline);
        Print("grain call, same silo", localCall, baseline);
        Print("grain call, other silo", crossSilo, baseline);
        var caller = nodeA.GetGrain<IEchoCallerGrain>(1);
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < Warmup)
        {
            await caller.TimeCallsAsync(1, 5_000);
        }

        var fromGrain = await caller.TimeCallsAsync(1, Calls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grain call, same silo, from a grain          {fromGrain[Calls / 2],10:F3} µs median, p99 {fromGrain[Calls * 99 / 100]:F1} µs ({Calls} calls, one at a time)"));
        var busyLocal = await TimeConcurrentAsync(Enumerable.Range(100, Callers).Select(key => (Func<int, Task<int>>)nodeA.GetGrain<IEchoGrain>(key).EchoAsync).ToArray());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grain call, same silo, {Callers} callers at once      {busyLocal.Median,10:F3} µs median, p99 {busyLocal.P99:F1} µs ({Callers} × {Calls / Callers} calls, each timed)"));

        var bytes = await BytesPerActivationAsync(nodeA);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory per idle activation                   {bytes,10:F0} B  ({Activations} echo grains, after a full GC)"));
    }

    /// <summary>Per-call times in µs: the median and p99 of calls timed one by one, and the mean of a run of calls.</summary>
    private static async Task<(double Median, double P99, double Mean)> TimeAsync(Func<int, Task<int>> call)
    {
        await WarmUpAsync(call);

        var micros = new double[Calls];
        for (var i = 0; i < Calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(i);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var run = Stopwatch.GetTimestamp();
        for (var i = 0; i < Calls; i++)
        {
            await call(i);
        }

        var mean = Stopwatch.GetElapsedTime(run).TotalMicroseconds / Calls;
        Array.Sort(micros);
        return (micros[Calls / 2], micros[Calls * 99 / 100], mean);
    }

    /// <summary>Per-call times in µs while <see cref="Callers"/> callers call at once, each its own grain, as requests do.</summary>
    private static async Task<(double Median, double P99)> TimeConcurrentAsync(Func<int, Task<int>>[] callers)
    {
        var perCaller = await Task.WhenAll(callers.Select(call => Task.Run(async () =>
        {
            var micros = new double[Calls / callers.Length];
            await WarmUpAsync(call);

            for (var i = 0; i < micros.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i);
                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            return micros;
        })));
        var all = perCaller.SelectMany(m => m).Order().ToArray();
        return (all[all.Length / 2], all[all.Length * 99 / 100]);
    }

    private static async Task WarmUpAsync(Func<int, Task<int>> call)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; warming.Elapsed < Warmup; i++)
        {
            await call(i);
        }
    }

    private static async Task<double> BytesPerActivationAsync(IGrainFactory grains)
    {
        var before = Settle();
        for (var i = 0; i < Activations; i += 500)
        {
            await Task.WhenAll(Enumerable.Range(1_000 + i, 500).Select(key => grains.GetGrain<IEchoGrain>(key).EchoAsync(key)));
        }

        return (Settle() - before) / (double)Activations;
    }

    private static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Print(string what, (double Median, double P99, double Mean) figure, (double Median, double P99, double Mean) baseline)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-44} {figure.Median,10:F3} µs median, p99 {figure.P99:F1} µs, mean {figure.Mean:F3} µs (ratio of means {figure.Mean / baseline.Mean:F0}; {Calls} calls, one at a time)"));
}
