using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Catalog;
using Albumi.Grains.Lifecycle;
using Albumi.Grains.Workspaces;
using Albumi.Silo.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Albumi.Bench;

/// <summary>
/// Export and import of a large workspace (entities/s and the managed heap's peak growth) against raw reads and
/// inserts of the same rows in the same run; and the hard delete of a workspace of many rows (seconds) with another
/// tenant's page reads running, their p99 against the same reads with no purge running.
/// </summary>
internal static class LifecycleThroughput
{
    public static async Task RunAsync(int entities, int purgeRows)
    {
        await using var bench = await BenchDatabase.StartAsync();
        var database = new DatabaseSettings(bench.OwnerConnectionString);
        using var host = await BenchNode.StartAsync(database);
        var services = host.Services;
        var owner = await services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(Guid.CreateVersion7())
            .CreateAsync(new NewAccount($"bench-{Guid.NewGuid():N}@example.test", "Bench", null, null));
        var source = Guid.CreateVersion7();
        await SeedAsync(database, source, owner.Id, entities, kind: "applications");
        var actor = new CatalogActor(source, owner.Id, WorkspaceRole.Owner);
        await using var owners = NpgsqlDataSource.Create(database.OwnerConnectionString);

        var file = Path.GetTempFileName();
        try
        {
            var rawRead = await TimeAsync(() => RawReadAsync(owners, source));
            var (export, exportHeap) = await MeasureAsync(async () =>
            {
                await using var output = File.Create(file);
                await services.GetRequiredService<WorkspaceExporter>().WriteAsync(actor, output, CancellationToken.None);
            });
            var size = new FileInfo(file).Length;
            await using var app = NpgsqlDataSource.Create(database.AppConnectionString);
            await using (var create = owners.CreateCommand($"CREATE TABLE raw_entities (LIKE entities INCLUDING ALL); GRANT SELECT, INSERT ON raw_entities TO {database.AppRole}"))
            {
                await create.ExecuteNonQueryAsync();
            }

            var rawInsert = await TimeAsync(() => RawInsertAsync(app, entities));
            await using (var drop = owners.CreateCommand("DROP TABLE raw_entities"))
            {
                // The purge below deletes from every table with a workspace_id column; this one is the benchmark's own.
                await drop.ExecuteNonQueryAsync();
            }

            var (import, importHeap) = await MeasureAsync(async () =>
            {
                // As the endpoint does: the body's bytes in one buffer, read by the import reader without a document model.
                var bytes = await File.ReadAllBytesAsync(file);
                var phase = Stopwatch.StartNew();
                var read = WorkspaceImportReader.Read(bytes);
                Console.WriteLine($"  (import: reading and checking took {phase.Elapsed.TotalSeconds:F2} s)");
                await services.GetRequiredService<WorkspaceImporter>().ImportAsync(Guid.CreateVersion7(), read, owner.Id, owner.Email);
            });

            Console.WriteLine($"lifecycle: one workspace of {entities} entities ({size / 1024 / 1024} MiB exported)");
            Print("raw read of the rows (baseline)", entities / rawRead.TotalSeconds, "entities/s", null);
            Print("export, streamed", entities / export.TotalSeconds, "entities/s", export / rawRead, $"peak heap growth {exportHeap / 1024 / 1024} MiB");
            Print("raw multi-row insert of the rows (baseline)", entities / rawInsert.TotalSeconds, "entities/s", null);
            Print("import (parse, check, remap, insert, activity)", entities / import.TotalSeconds, "entities/s", import / rawInsert, $"peak heap growth {importHeap / 1024 / 1024} MiB");
        }
        finally
        {
            File.Delete(file);
        }

        await HardDeleteAsync(database, services, owner.Id, purgeRows);
        await host.StopAsync();
    }

    private static async Task HardDeleteAsync(DatabaseSettings database, IServiceProvider services, Guid owner, int rows)
    {
        var doomed = Guid.CreateVersion7();
        var neighbour = Guid.CreateVersion7();
        await SeedAsync(database, doomed, owner, rows / 2, kind: "it-components");
        await SeedActivityAsync(database, doomed, rows / 2);
        await SeedAsync(database, neighbour, owner, 10_000, kind: "applications");
        var store = services.GetRequiredService<CatalogStore>();
        var reader = new CatalogActor(neighbour, owner, WorkspaceRole.Owner);

        var quiet = await ReadLoadAsync(store, reader, TimeSpan.FromSeconds(8), null);
        await using (var owners = NpgsqlDataSource.Create(database.OwnerConnectionString))
        {
            await using var due = owners.CreateCommand("UPDATE workspaces SET deleted_at = now(), purge_after = now() WHERE id = $1");
            due.Parameters.AddWithValue(doomed);
            await due.ExecuteNonQueryAsync();
        }

        var purge = Stopwatch.StartNew();
        var purging = services.GetRequiredService<WorkspacePurger>().PurgeAsync(doomed);
        var busy = await ReadLoadAsync(store, reader, TimeSpan.FromMinutes(5), purging);
        var counts = await purging;
        purge.Stop();

        Console.WriteLine($"hard delete: {counts!.Values.Sum()} rows in {purge.Elapsed.TotalSeconds:F1} s ({counts.Values.Sum() / purge.Elapsed.TotalSeconds:F0} rows/s)");
        Print("another tenant's page of 100, p99, no purge (baseline)", quiet.P99, "ms", null, $"p50 {quiet.P50:F2} ms, {quiet.Count} reads");
        Print("the same reads during the purge, p99", busy.P99, "ms", busy.P99 / quiet.P99, $"p50 {busy.P50:F2} ms, {busy.Count} reads");
    }

    /// <summary>Four readers paging the neighbour's applications until the time is up or <paramref name="until"/> ends.</summary>
    private static async Task<(double P50, double P99, int Count)> ReadLoadAsync(CatalogStore store, CatalogActor actor, TimeSpan duration, Task? until)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var stop = Stopwatch.StartNew();
        bool Running() => stop.Elapsed < duration && (until is null || !until.IsCompleted);
        var readers = Enumerable.Range(0, 4).Select(async _ =>
        {
            Guid? cursor = null;
            while (Running())
            {
                var one = Stopwatch.StartNew();
                var (_, next) = await store.ListAsync(actor, EntityKinds.Applications, cursor, 100);
                cursor = next;
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
        });
        await Task.WhenAll(readers);
        var sorted = latencies.Order().ToArray();
        return (sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], sorted.Length);
    }

    private static void Print(string what, double value, string unit, double? ratio, string? extra = null)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-55} {value,12:F2} {unit}{(ratio is { } r ? $"   ratio {r:F2}" : "")}{(extra is null ? "" : "   " + extra)}"));

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }

    /// <summary>Time, and the managed heap's peak growth over its size before (sampled every 5 ms).</summary>
    private static async Task<(TimeSpan Time, long PeakGrowth)> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(true);
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5, CancellationToken.None);
            }
        });
        var time = await TimeAsync(work);
        await done.CancelAsync();
        await sampler;
        return (time, peak - before);
    }

    private static async Task RawReadAsync(NpgsqlDataSource owners, Guid workspace)
    {
        await using var command = owners.CreateCommand("SELECT id, kind, name, classification, fields::text, created_at, updated_at FROM entities WHERE workspace_id = $1");
        command.Parameters.AddWithValue(workspace);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(4);
        }
    }

    /// <summary>The same rows into a copy of the table without RLS, as the runtime role, with no checks at all.</summary>
    private static async Task RawInsertAsync(NpgsqlDataSource app, int count)
    {
        var workspace = Guid.CreateVersion7();
        var fields = """{"gdprRelevant": true, "status": "active", "description": "an application of the benchmark"}""";
        for (var offset = 0; offset < count; offset += 1000)
        {
            var n = Math.Min(1000, count - offset);
            await using var insert = app.CreateCommand("""
                INSERT INTO raw_entities (workspace_id, id, kind, name, fields, created_at, updated_at)
                SELECT $1, e.id, 'applications', e.name, e.fields, now(), now() FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) AS e (id, name, fields)
                """);
            insert.Parameters.AddWithValue(workspace);
            insert.Parameters.AddWithValue(Enumerable.Range(0, n).Select(_ => Guid.CreateVersion7()).ToArray());
            insert.Parameters.AddWithValue(Enumerable.Range(offset, n).Select(i => $"application {i}").ToArray());
            insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(fields, n).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>As the owner (a superuser here): the workspace, its owner, and <paramref name="count"/> entities by binary COPY.</summary>
    private static async Task SeedAsync(DatabaseSettings database, Guid workspace, Guid owner, int count, string kind)
    {
        await using var owners = NpgsqlDataSource.Create(database.OwnerConnectionString);
        await using (var insert = owners.CreateCommand("INSERT INTO workspaces (id, name, created_at) VALUES ($1, 'bench', now())"))
        {
            insert.Parameters.AddWithValue(workspace);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var member = owners.CreateCommand("INSERT INTO workspace_members (workspace_id, account_id, role, joined_at) VALUES ($1, $2, 'owner', now())"))
        {
            member.Parameters.AddWithValue(workspace);
            member.Parameters.AddWithValue(owner);
            await member.ExecuteNonQueryAsync();
        }

        await using var connection = await owners.OpenConnectionAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY entities (workspace_id, id, kind, name, fields, created_at, created_by, updated_at) FROM STDIN (FORMAT BINARY)");
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await import.StartRowAsync();
            await import.WriteAsync(workspace, NpgsqlDbType.Uuid);
            await import.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await import.WriteAsync(kind, NpgsqlDbType.Text);
            await import.WriteAsync($"{kind} {i}", NpgsqlDbType.Text);
            await import.WriteAsync("""{"gdprRelevant": true, "status": "active", "description": "an application of the benchmark"}""", NpgsqlDbType.Jsonb);
            await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(owner, NpgsqlDbType.Uuid);
            await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }

        await import.CompleteAsync();
    }

    private static async Task SeedActivityAsync(DatabaseSettings database, Guid workspace, int count)
    {
        await using var owners = NpgsqlDataSource.Create(database.OwnerConnectionString);
        await using var insert = owners.CreateCommand("""
            INSERT INTO activity (workspace_id, occurred_at, change_type, entity_kind, is_mainline)
            SELECT $1, now(), 'created', 'it-components', true FROM generate_series(1, $2)
            """);
        insert.Parameters.AddWithValue(workspace);
        insert.Parameters.AddWithValue(count);
        await insert.ExecuteNonQueryAsync();
    }
}
