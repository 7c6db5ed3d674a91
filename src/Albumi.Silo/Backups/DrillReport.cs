using System.Globalization;
using System.Text;

namespace Albumi.Silo.Backups;

/// <summary>What a restore drill found (<see cref="RestoreDrill"/>).</summary>
/// <param name="Target">The point restored to; null: everything archived.</param>
/// <param name="LastTransaction">The commit time of the last transaction the restored cluster holds.</param>
/// <param name="RecoveryPoint">RPO: the target (or the drill's start) minus <paramref name="LastTransaction"/>.</param>
/// <param name="RecoveryTime">RTO: wall time from the start of the restore until the checks were done.</param>
/// <param name="MigrationLevel">The restored schema's migration level.</param>
/// <param name="RowCounts">Rows per table (schema-qualified).</param>
/// <param name="Hashes">Content hash per chosen table.</param>
/// <param name="ForcedRowSecurity">Tables whose row-level security is forced in the restored cluster.</param>
/// <param name="RowSecurityAsSource">Whether exactly the source's tables have forced row-level security.</param>
public sealed record DrillReport(
    DateTimeOffset? Target,
    DateTimeOffset? LastTransaction,
    TimeSpan? RecoveryPoint,
    TimeSpan RecoveryTime,
    int MigrationLevel,
    IReadOnlyDictionary<string, long> RowCounts,
    IReadOnlyDictionary<string, string> Hashes,
    IReadOnlySet<string> ForcedRowSecurity,
    bool RowSecurityAsSource)
{
    public string Describe()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"restored to: {(Target is { } t ? t.ToString("O", CultureInfo.InvariantCulture) : "the end of the archive")}")
            .AppendLine(CultureInfo.InvariantCulture, $"last transaction restored: {(LastTransaction is { } l ? l.ToString("O", CultureInfo.InvariantCulture) : "none replayed (the backup itself)")}")
            .AppendLine(CultureInfo.InvariantCulture, $"RPO: {(RecoveryPoint is { } rpo ? $"{rpo.TotalSeconds:F1} s" : "n/a")}")
            .AppendLine(CultureInfo.InvariantCulture, $"RTO: {RecoveryTime.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"migration level: {MigrationLevel}")
            .AppendLine(CultureInfo.InvariantCulture, $"row-level security forced on {ForcedRowSecurity.Count} tables, {(RowSecurityAsSource ? "as on the source" : "NOT as on the source")}");
        foreach (var (table, hash) in Hashes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"content hash {table}: {hash}");
        }

        foreach (var (table, rows) in RowCounts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"rows {table}: {rows}");
        }

        return text.ToString();
    }
}
