using System.Security.Cryptography;

namespace Albumi.Grains.Security;

/// <summary>
/// Where the master key (32 random bytes, base64) is read from: <c>Albumi:Encryption:MasterKeyFile</c>
/// (or <c>ALBUMI_MASTER_KEY_FILE</c>), as a container secret store mounts it. The embedded default creates one beside
/// its data folder, readable by its owner only.
/// </summary>
public sealed record MasterKeySource(string? Path, bool CreateIfMissing)
{
    public byte[] Read()
    {
        if (Path is null)
        {
            throw new InvalidOperationException(
                "No master key for field encryption: set Albumi:Encryption:MasterKeyFile (or ALBUMI_MASTER_KEY_FILE) to a file holding 32 random bytes in base64.");
        }

        if (!File.Exists(Path))
        {
            if (!CreateIfMissing || OperatingSystem.IsWindows())
            {
                throw new InvalidOperationException($"The master key file '{Path}' does not exist.");
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var stream = new FileStream(Path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        var key = Convert.FromBase64String(File.ReadAllText(Path).Trim());
        return key.Length == 32 ? key : throw new InvalidOperationException($"The master key file '{Path}' must hold 32 bytes in base64; it holds {key.Length}.");
    }

    /// <summary>Never the key: only where it is.</summary>
    public override string ToString() => $"MasterKeySource {{ Path = {Path} }}";
}
