using Albumi.Grains.Persistence;
using Albumi.Silo.Reminders;
using Albumi.Silo.Runtime;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Bench;

/// <summary>
/// What the runtime adds to a call: a grain call through a reference vs the same method called directly on a grain
/// object (the baseline), and a call that also activates and deactivates its grain. No database is touched.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private readonly PingGrain _direct = new();
    private GrainRuntime _runtime = null!;
    private IPingGrain _reference = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        _services = services.BuildServiceProvider();
        var unusedDatabase = new AlbumiDataSources(NpgsqlDataSource.Create("Host=/nonexistent"), NpgsqlDataSource.Create("Host=/nonexistent"));
        _runtime = new GrainRuntime(
            new GrainTypeRegistry([typeof(PingGrain).Assembly]),
            _services,
            new NodeIdentity(Guid.NewGuid(), "bench", "bench", DateTimeOffset.UtcNow),
            TimeProvider.System,
            Options.Create(new SiloOptions()),
            new SiloMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new ReminderTable(unusedDatabase),
            NullLogger<GrainRuntime>.Instance);
        _runtime.OnListenEstablished(); // trusted cache, as on a node whose LISTEN connection is up
        _reference = _runtime.GetGrain<IPingGrain>(Guid.NewGuid());
        _reference.PingAsync(0).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "direct call on the grain object")]
    public Task<int> DirectCall() => _direct.PingAsync(1);

    [Benchmark(Description = "grain call through the runtime")]
    public Task<int> GrainCall() => _reference.PingAsync(1);

    [Benchmark(Description = "activate + call + deactivate")]
    public Task<int> ActivateCallDeactivate() => _runtime.GetGrain<IPingGrain>(Guid.NewGuid()).PingAndLeaveAsync(1);
}
