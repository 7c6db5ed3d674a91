using System.Diagnostics;
using Albumi.Grains;
using Albumi.Grains.Persistence;

namespace Albumi.Bench;

public interface IPingGrain : IGrainWithGuidKey
{
    Task<int> PingAsync(int value);

    /// <summary>Answers, then asks to be deactivated: one call = activation + call + deactivation.</summary>
    Task<int> PingAndLeaveAsync(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    private int _calls;

    public Task<int> PingAsync(int value) => Task.FromResult(value + ++_calls);

    public Task<int> PingAndLeaveAsync(int value)
    {
        DeactivateOnIdle();
        return Task.FromResult(value);
    }
}

public interface IVersionGrain : IGrainWithGuidKey
{
    Task<long> GetAsync();

    /// <summary>Writes a new version, announces the change, and returns the timestamp taken as it asks to commit.</summary>
    Task<long> BumpAsync();
}

/// <summary>Caches a version row; the benchmark times how long another node keeps its stale copy after a commit.</summary>
public sealed class VersionGrain(AlbumiDataSources dataSources) : Grain, IVersionGrain
{
    public static Action<GrainId, long>? Dropped { get; set; }

    private long _version;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, GetPrimaryKey(), cancellationToken);
        await using var command = scope.CreateCommand("SELECT version FROM workspace_settings WHERE name = 'bench'");
        _version = await command.ExecuteScalarAsync(cancellationToken) is int v ? v : 0;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason == DeactivationReason.StateChanged)
        {
            Dropped?.Invoke(GrainId, Stopwatch.GetTimestamp());
        }

        return Task.CompletedTask;
    }

    public Task<long> GetAsync() => Task.FromResult(_version);

    public async Task<long> BumpAsync()
    {
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, GetPrimaryKey());
        await using (var command = scope.CreateCommand("""
            INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'bench', '1')
            ON CONFLICT (workspace_id, name) DO UPDATE SET version = workspace_settings.version + 1
            RETURNING version
            """))
        {
            command.Parameters.AddWithValue(GetPrimaryKey());
            _version = (int)(await command.ExecuteScalarAsync())!;
        }

        await AnnounceChangeAsync(scope.Transaction);
        var committing = Stopwatch.GetTimestamp();
        await scope.CommitAsync();
        return committing;
    }
}
