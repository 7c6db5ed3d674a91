using Albumi.Grains;
using Albumi.Grains.Persistence;

namespace Albumi.Tests.Runtime.TestGrains;

public sealed class SettingGrain(AlbumiDataSources dataSources) : Grain, ISettingGrain
{
    private string? _value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Probe.For(GetPrimaryKey().ToString()).Activations);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, GetPrimaryKey(), cancellationToken);
        await using var command = scope.CreateCommand("SELECT value #>> '{}' FROM workspace_settings WHERE name = 'theme'");
        _value = await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task<string?> GetAsync() => Task.FromResult(_value);

    public async Task SetAsync(string value)
    {
        await WriteAsync(GetPrimaryKey(), value, announceOther: false);
        _value = value;
    }

    public Task SetOtherAsync(Guid otherWorkspace, string value) => WriteAsync(otherWorkspace, value, announceOther: true);

    private async Task WriteAsync(Guid workspace, string value, bool announceOther)
    {
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, workspace);
        await using (var command = scope.CreateCommand("""
            INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'theme', to_jsonb($2::text))
            ON CONFLICT (workspace_id, name) DO UPDATE SET value = excluded.value, version = workspace_settings.version + 1
            """))
        {
            command.Parameters.AddWithValue(workspace);
            command.Parameters.AddWithValue(value);
            await command.ExecuteNonQueryAsync();
        }

        if (announceOther)
        {
            await AnnounceChangeAsync(scope.Transaction, GrainId.For<ISettingGrain>(workspace));
        }
        else
        {
            await AnnounceChangeAsync(scope.Transaction);
        }

        await scope.CommitAsync();
    }
}
