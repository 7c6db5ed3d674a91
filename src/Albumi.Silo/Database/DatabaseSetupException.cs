namespace Albumi.Silo.Database;

/// <summary>The database cannot be used as it is (a mis-edited migration, a newer schema); retrying will not help.</summary>
public sealed class DatabaseSetupException(string message) : Exception(message);
