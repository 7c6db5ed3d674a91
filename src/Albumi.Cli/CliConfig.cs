using System.Text.Json;

namespace Albumi.Cli;

/// <summary>
/// Where the CLI finds its server and key: <c>ALBUMI_URL</c> and <c>ALBUMI_API_KEY</c> when set, else the config file
/// written by <c>albumi login</c> (<c>$XDG_CONFIG_HOME/albumi/config.json</c>, mode 0600: it holds a secret).
/// </summary>
public sealed record CliConfig(string? Url, string? ApiKey)
{
    public static string FilePath
        => Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
            "albumi",
            "config.json");

    public static CliConfig Load()
    {
        CliConfig stored = File.Exists(FilePath) ? JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(FilePath), JsonOptions.Web) ?? new(null, null) : new(null, null);
        return new CliConfig(
            Environment.GetEnvironmentVariable("ALBUMI_URL") is { Length: > 0 } url ? url : stored.Url,
            Environment.GetEnvironmentVariable("ALBUMI_API_KEY") is { Length: > 0 } key ? key : stored.ApiKey);
    }

    public void Save()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new CliException("storing the key with owner-only permissions is supported on Linux and macOS; set ALBUMI_API_KEY instead");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = FilePath + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(stream, this, JsonOptions.Web);
        }

        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <summary>Never the key.</summary>
    public override string ToString() => $"CliConfig {{ Url = {Url} }}";
}

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
