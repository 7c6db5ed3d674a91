using System.Net;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Requests;

/// <summary>
/// What the node trusts about the connection (section <c>Albumi:Http</c>): which peers are proxies whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> count, and whether a session cookie may go out without
/// <c>Secure</c> over plain HTTP.
/// </summary>
public sealed class HttpEdgeOptions
{
    public const string SectionName = "Albumi:Http";

    /// <summary>
    /// Proxies (addresses, or networks as <c>10.0.0.0/8</c>) separated by commas, whose forwarded headers are believed.
    /// Empty (the default): none are, and the client is the socket's peer and scheme, whatever a request's headers say.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>
    /// Plain HTTP is meant (a test rig, a private network without TLS): the session cookie over plain HTTP is then
    /// <c>albumi_session</c> without <c>Secure</c>. Off by default: the cookie is always <c>__Host-albumi_session</c> and
    /// <c>Secure</c>, which browsers also accept from <c>http://127.0.0.1</c> and <c>http://localhost</c>.
    /// </summary>
    public bool AllowInsecureCookies { get; set; }

    /// <summary>The trusted proxies as networks (an address is a network of one), or an error naming the entry.</summary>
    public (IReadOnlyList<IPNetwork> Networks, string? Error) ParseTrustedProxies()
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (TrustedProxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                return (networks, $"{SectionName}:TrustedProxies: '{entry}' is neither an IP address nor a network (address/prefix).");
            }
        }

        return (networks, null);
    }
}

internal sealed class HttpEdgeOptionsValidator : IValidateOptions<HttpEdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpEdgeOptions options)
        => options.ParseTrustedProxies().Error is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
