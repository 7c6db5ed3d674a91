namespace Albumi.Silo.Backups;

/// <summary>A backup, restore or drill that cannot go on; the message says why and what to do.</summary>
public sealed class BackupException(string message) : Exception(message);
