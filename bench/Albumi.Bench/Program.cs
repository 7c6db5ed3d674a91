using System.Globalization;
using Albumi.Bench;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project bench/Albumi.Bench -- [identity|grains|secrets|catalog|lifecycle|failover|pages|all]
var which = args.Length > 0 ? args[0] : "all";
if (which is "identity" or "all")
{
    await IdentityThroughput.RunAsync(TimeSpan.FromSeconds(1), rounds: 25, concurrency: 32);
}

if (which is "grains")
{
    await IdentityThroughput.RunGrainCallsAsync();
}

if (which is "secrets" or "all")
{
    BenchmarkRunner.Run<SecretBenchmarks>(DefaultConfig.Instance
        .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator));
}

if (which is "catalog" or "all")
{
    await CatalogThroughput.RunAsync(creates: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
}

if (which is "lifecycle" or "all")
{
    await LifecycleThroughput.RunAsync(
        entities: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        purgeRows: args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000);
}

if (which is "pages" or "all")
{
    await PageTimes.RunAsync(requests: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
}

if (which is "failover" or "all")
{
    await Failover.RunAsync();
}
