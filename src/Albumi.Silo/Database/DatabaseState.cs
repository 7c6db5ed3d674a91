namespace Albumi.Silo.Database;

/// <summary>What the node knows about its database: whether set-up finished and at which migration level.</summary>
public sealed class DatabaseState
{
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public int MigrationLevel => IsReady ? _ready.Task.Result : 0;

    /// <summary>Completes with the migration level once migrations and roles are in place.</summary>
    public Task<int> Ready => _ready.Task;

    internal void MarkReady(int migrationLevel) => _ready.TrySetResult(migrationLevel);
}
