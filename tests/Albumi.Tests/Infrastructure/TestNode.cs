using Albumi.Silo.Cluster;
using Albumi.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Albumi.Tests.Infrastructure;

/// <summary>One node of a <see cref="TestCluster"/>: its own host, runtime and background services.</summary>
public sealed class TestNode(IHost host, TestLogSink logs) : IAsyncDisposable
{
    public TestLogSink Logs => logs;

    private bool _stopped;

    public IServiceProvider Services => host.Services;

    public GrainRuntime Runtime => host.Services.GetRequiredService<GrainRuntime>();

    internal ClusterChangeListener Listener => host.Services.GetRequiredService<ClusterChangeListener>();

    internal NodeHeartbeatService Heartbeat => host.Services.GetRequiredService<NodeHeartbeatService>();

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await host.StopAsync();
        host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
