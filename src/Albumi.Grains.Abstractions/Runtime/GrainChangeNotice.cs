using System.Globalization;

namespace Albumi.Grains;

/// <summary>
/// The payload a grain sends with <c>pg_notify</c> when it changes state that other nodes may cache.
/// Format: <c>node|activation|type|key</c>; the key comes last because a string key may hold the separator.
/// </summary>
public sealed record GrainChangeNotice(GrainId GrainId, Guid OriginNode, long OriginActivation)
{
    /// <summary>The LISTEN/NOTIFY channel every node listens on.</summary>
    public const string Channel = "albumi_grain_changes";

    public string Format()
        => string.Create(CultureInfo.InvariantCulture, $"{OriginNode:N}|{OriginActivation}|{GrainId.Type}|{GrainId.Key}");

    public static bool TryParse(string payload, out GrainChangeNotice? notice)
    {
        notice = null;
        var parts = payload.Split('|', 4);
        if (parts.Length != 4
            || !Guid.TryParseExact(parts[0], "N", out var node)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var activation)
            || parts[2].Length == 0)
        {
            return false;
        }

        notice = new GrainChangeNotice(new GrainId(parts[2], parts[3]), node, activation);
        return true;
    }
}
