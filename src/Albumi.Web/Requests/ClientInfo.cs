using System.Net;

namespace Albumi.Web.Requests;

/// <summary>Who is calling, as far as the connection tells: the peer address and a clipped User-Agent.</summary>
public sealed record ClientInfo(IPAddress? Ip, string? UserAgent)
{
    public const int MaxUserAgentLength = 512;

    public static ClientInfo From(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var userAgent = httpContext.Request.Headers.UserAgent.ToString();
        var ip = httpContext.Connection.RemoteIpAddress;
        return new ClientInfo(
            ip is { IsIPv4MappedToIPv6: true } ? ip.MapToIPv4() : ip,
            userAgent.Length == 0 ? null : userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent);
    }
}
