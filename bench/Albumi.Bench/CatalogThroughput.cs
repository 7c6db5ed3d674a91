using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Albumi.Grains.Catalog;
using Albumi.Grains.Persistence;
using Albumi.Grains.Workspaces;
using Albumi.Silo.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Albumi.Bench;

/// <summary>
/// The cost of row-level security in the catalogue: creating entities and paging through 10,000 applications (among
/// 110,000 rows of 11 workspaces) as the runtime role, with RLS and the workspace scope, against the same statements on
/// a copy of the table without RLS and the workspace predicate written by hand. Rounds alternate; medians are reported,
/// and for pages the spread of the per-round ratios.
/// The product path (CatalogStore: policy, validation, activity) is measured too.
/// </summary>
internal static class CatalogThroughput
{
    private const int Applications = 10_000;
    private const int OtherWorkspaces = 10;
    private const int PageSize = 50;
    private const int CreateRounds = 15;
    private const int PageRounds = 60;

    private const string PageSql = """
        SELECT id, kind, name, classification, fields, version, created_at, updated_at, created_by, deleted_at FROM {0}
        WHERE kind = 'applications' AND deleted_at IS NULL AND id > $1 AND (classification IS NULL OR classification = ANY($2)) {1}
        ORDER BY id LIMIT $3
        """;

    private const string InsertSql = """
        INSERT INTO {0} (workspace_id, id, kind, name, classification, fields, created_at, created_by, updated_at)
        VALUES ($1, $2, 'applications', $3, NULL, '{{"gdprRelevant": true}}', now(), $4, now())
        """;

    public static async Task RunAsync(int creates)
    {
        await using var bench = await BenchDatabase.StartAsync();
        var database = new DatabaseSettings(bench.OwnerConnectionString);
        using var host = await BenchNode.StartAsync(database);
        var workspace = Guid.CreateVersion7();
        var actor = Guid.CreateVersion7();
        await SeedAsync(database, workspace, actor);

        await using var app = NpgsqlDataSource.Create(database.AppConnectionString);
        var store = host.Services.GetRequiredService<CatalogStore>();
        var catalogActor = new CatalogActor(workspace, actor, WorkspaceRole.Owner);
        var visible = EntityKinds.Classifications.ToArray();

        // Reads first, while both tables hold the same rows: many short rounds, the order turned each round, so a slow
        // stretch of the machine falls on every figure alike.
        var rlsPage = new List<double>();
        var plainPage = new List<double>();
        var storePage = new List<double>();
        var readers = new Func<Task>[]
        {
            async () => plainPage.Add(await PageAllAsync(app, workspace, visible, rls: false)),
            async () => rlsPage.Add(await PageAllAsync(app, workspace, visible, rls: true)),
            async () => storePage.Add(await PageThroughStoreAsync(store, catalogActor)),
        };
        for (var round = 0; round < PageRounds; round++)
        {
            for (var i = 0; i < readers.Length; i++)
            {
                await readers[(round + i) % readers.Length]();
            }
        }

        var rlsCreate = new List<double>();
        var txCreate = new List<double>();
        var rlsTxCreate = new List<double>();
        var plainCreate = new List<double>();
        var storeCreate = new List<double>();
        var writers = new Func<Task>[]
        {
            async () => plainCreate.Add(await CreateAsync(app, workspace, actor, creates, rls: false)),
            async () => txCreate.Add(await CreateAsync(app, workspace, actor, creates, rls: false, transaction: true)),
            async () => rlsCreate.Add(await CreateAsync(app, workspace, actor, creates, rls: true)),
            async () => rlsTxCreate.Add(await CreateAsync(app, workspace, actor, creates, rls: true, transaction: true)),
            async () => storeCreate.Add(await CreateThroughStoreAsync(store, catalogActor, creates)),
        };
        for (var round = 0; round < CreateRounds; round++)
        {
            for (var i = 0; i < writers.Length; i++)
            {
                await writers[(round + i) % writers.Length]();
            }
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"catalogue: {Applications} applications in one workspace among {Applications * (OtherWorkspaces + 1)} rows");
        Console.WriteLine($"  pages: every page of the workspace's applications per round, medians of {PageRounds} rounds in turned order");
        Print($"page of {PageSize}, predicate by hand, RLS off (baseline)", Median(plainPage), "ms/page", null);
        Print($"page of {PageSize}, RLS + workspace scope", Median(rlsPage), "ms/page", Median(rlsPage) / Median(plainPage), Spread(rlsPage, plainPage));
        Print($"page of {PageSize}, CatalogStore.ListAsync (product path)", Median(storePage), "ms/page", Median(storePage) / Median(plainPage), Spread(storePage, plainPage));
        Console.WriteLine($"  creates: {creates} per measurement, medians of {CreateRounds} rounds in turned order");
        Print("create, predicate by hand, RLS off (baseline)", Median(plainCreate), "entities/s", null);
        Print("create, RLS + workspace scope (one statement, no transaction)", Median(rlsCreate), "entities/s", Median(plainCreate) / Median(rlsCreate), Spread(plainCreate, rlsCreate));
        Print("create, RLS off, in a transaction", Median(txCreate), "entities/s", Median(plainCreate) / Median(txCreate));
        Print("create, RLS + workspace scope in a transaction", Median(rlsTxCreate), "entities/s", Median(plainCreate) / Median(rlsTxCreate));
        Print("  against the same transaction with the predicate by hand", Median(rlsTxCreate), "entities/s", Median(txCreate) / Median(rlsTxCreate), Spread(txCreate, rlsTxCreate));
        Print("create, CatalogStore.CreateAsync (+activity row)", Median(storeCreate), "entities/s", Median(plainCreate) / Median(storeCreate));
        await host.StopAsync();
    }

    private static void Print(string what, double value, string unit, double? costRatio, string? spread = null)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-58} {value,10:F3} {unit}{(costRatio is { } r ? $"   cost ratio {r:F2}" : "")}{(spread is null ? "" : $" ({spread})")}"));

    /// <summary>The middle half and the whole range of the per-round cost ratios.</summary>
    private static string Spread(List<double> measured, List<double> baseline)
    {
        var ratios = measured.Zip(baseline, (m, b) => m / b).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"rounds: middle half {ratios[ratios.Count / 4]:F2}-{ratios[ratios.Count * 3 / 4]:F2}, all {ratios[0]:F2}-{ratios[^1]:F2}");
    }

    private static async Task<double> PageAllAsync(NpgsqlDataSource app, Guid workspace, string[] visible, bool rls)
    {
        var sql = rls ? string.Format(CultureInfo.InvariantCulture, PageSql, "entities", "") : string.Format(CultureInfo.InvariantCulture, PageSql, "entities_plain", "AND workspace_id = $4");
        var after = Guid.Empty;
        var pages = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var count = 0;
            if (rls)
            {
                await using var scope = await WorkspaceScope.OpenAsync(app, workspace);
                await using var command = scope.CreateCommand(sql);
                AddPageParameters(command.Parameters, after, visible, null);
                (count, after) = await ReadPageAsync(await command.ExecuteReaderAsync(), after);
            }
            else
            {
                await using var connection = await app.OpenConnectionAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                AddPageParameters(command.Parameters, after, visible, workspace);
                (count, after) = await ReadPageAsync(await command.ExecuteReaderAsync(), after);
            }

            pages++;
            if (count < PageSize)
            {
                break;
            }
        }

        return clock.Elapsed.TotalMilliseconds / pages;
    }

    private static void AddPageParameters(NpgsqlParameterCollection parameters, Guid after, string[] visible, Guid? workspace)
    {
        parameters.AddWithValue(after);
        parameters.AddWithValue(visible);
        parameters.AddWithValue(PageSize);
        if (workspace is { } ws)
        {
            parameters.AddWithValue(ws);
        }
    }

    private static async Task<(int Count, Guid Last)> ReadPageAsync(NpgsqlDataReader reader, Guid after)
    {
        await using (reader)
        {
            var count = 0;
            while (await reader.ReadAsync())
            {
                after = reader.GetGuid(0);
                _ = reader.GetString(4);
                count++;
            }

            return (count, after);
        }
    }

    private static async Task<double> PageThroughStoreAsync(CatalogStore store, CatalogActor actor)
    {
        Guid? after = null;
        var pages = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            (_, after) = await store.ListAsync(actor, EntityKinds.Applications, after, PageSize);
            pages++;
        }
        while (after is not null);

        return clock.Elapsed.TotalMilliseconds / pages;
    }

    private static async Task<double> CreateAsync(NpgsqlDataSource app, Guid workspace, Guid actor, int count, bool rls, bool transaction = false)
    {
        var sql = string.Format(CultureInfo.InvariantCulture, InsertSql, rls ? "entities" : "entities_plain");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (rls && transaction)
            {
                await using var scope = await WorkspaceScope.BeginAsync(app, workspace);
                await InsertAsync(scope.CreateCommand(sql), workspace, actor, i);
                await scope.CommitAsync();
            }
            else if (rls)
            {
                await using var scope = await WorkspaceScope.OpenAsync(app, workspace);
                await InsertAsync(scope.CreateCommand(sql), workspace, actor, i);
            }
            else if (transaction)
            {
                await using var connection = await app.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await InsertAsync(new NpgsqlCommand(sql, connection, tx), workspace, actor, i);
                await tx.CommitAsync();
            }
            else
            {
                await using var connection = await app.OpenConnectionAsync();
                await InsertAsync(new NpgsqlCommand(sql, connection), workspace, actor, i);
            }
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task InsertAsync(NpgsqlCommand command, Guid workspace, Guid actor, int i)
    {
        await using (command)
        {
            AddInsertParameters(command.Parameters, workspace, actor, i);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task InsertAsync(WorkspaceCommand command, Guid workspace, Guid actor, int i)
    {
        await using (command)
        {
            AddInsertParameters(command.Parameters, workspace, actor, i);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static void AddInsertParameters(NpgsqlParameterCollection parameters, Guid workspace, Guid actor, int i)
    {
        parameters.AddWithValue(workspace);
        parameters.AddWithValue(Guid.CreateVersion7());
        parameters.AddWithValue($"bench app {i}");
        parameters.AddWithValue(actor);
    }

    private static async Task<double> CreateThroughStoreAsync(CatalogStore store, CatalogActor actor, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var body = JsonDocument.Parse($$"""{"name":"store app {{i}}","gdprRelevant":true}""");
            await store.CreateAsync(actor, EntityKinds.Applications, body.RootElement);
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>As the owner (a superuser here, so RLS does not apply): workspaces, their applications, and the plain copy.</summary>
    private static async Task SeedAsync(DatabaseSettings database, Guid workspace, Guid actor)
    {
        await using var owner = NpgsqlDataSource.Create(database.OwnerConnectionString);
        var workspaces = new[] { workspace }.Concat(Enumerable.Range(0, OtherWorkspaces).Select(_ => Guid.CreateVersion7())).ToList();
        foreach (var id in workspaces)
        {
            await using var insert = owner.CreateCommand("INSERT INTO workspaces (id, name, created_at) VALUES ($1, 'bench', now())");
            insert.Parameters.AddWithValue(id);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var connection = await owner.OpenConnectionAsync())
        {
            await using var import = await connection.BeginBinaryImportAsync(
                "COPY entities (workspace_id, id, kind, name, fields, created_at, created_by, updated_at) FROM STDIN (FORMAT BINARY)");
            var now = DateTime.UtcNow;
            for (var i = 0; i < Applications; i++)
            {
                foreach (var ws in workspaces)
                {
                    await import.StartRowAsync();
                    await import.WriteAsync(ws, NpgsqlDbType.Uuid);
                    await import.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await import.WriteAsync("applications", NpgsqlDbType.Text);
                    await import.WriteAsync($"application {i}", NpgsqlDbType.Text);
                    await import.WriteAsync("""{"gdprRelevant": false, "status": "active"}""", NpgsqlDbType.Jsonb);
                    await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await import.WriteAsync(actor, NpgsqlDbType.Uuid);
                    await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
            }

            await import.CompleteAsync();
        }

        // LIKE copies columns, defaults, checks and indexes but not foreign keys: the copy gets the same one, so an
        // insert into either table checks its workspace alike and the difference is the scope and the policy alone.
        await using var copy = owner.CreateCommand($"""
            CREATE TABLE entities_plain (LIKE entities INCLUDING ALL);
            ALTER TABLE entities_plain ADD FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE;
            INSERT INTO entities_plain SELECT * FROM entities;
            GRANT SELECT, INSERT ON entities_plain TO {database.AppRole};
            """);
        await copy.ExecuteNonQueryAsync();

        // Both tables start alike: statistics taken and every page marked all-visible, not whenever autovacuum gets to it.
        foreach (var table in new[] { "entities", "entities_plain" })
        {
            await using var vacuum = owner.CreateCommand($"VACUUM (ANALYZE) {table}");
            await vacuum.ExecuteNonQueryAsync();
        }
    }
}
