namespace Albumi.Silo.Database;

/// <summary>The embedded default needs PostgreSQL's server binaries and they are not on this machine.</summary>
public sealed class PostgresNotInstalledException(string message) : Exception(message);
