using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Albumi.Grains.Accounts;

namespace Albumi.Grains.Limits;

/// <summary>
/// The keys of the cluster's rate-limit counters (<see cref="IRateLimitGrain"/>), one kind per prefix. An IPv6 client
/// counts by its /64 (one subscriber's block), so rotating addresses inside it does not multiply the limit; an email is
/// hashed, so no address appears in a grain key Orleans may log.
/// </summary>
public static class RateLimitKeys
{
    public static string SignInByIp(IPAddress? ip) => "sign-in-ip/" + Client(ip);

    public static string SignInByAccount(string email)
        => "sign-in-account/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Normalize(email))));

    public static string SecondFactor(Guid accountId) => "second-factor/" + accountId.ToString("N");

    public static string FailedApiKeyByIp(IPAddress? ip) => "failed-api-key-ip/" + Client(ip);

    public static string ApiKeyRequests(string keyId) => "api-key-requests/" + keyId;

    private static string Client(IPAddress? ip)
    {
        if (ip is null)
        {
            return "unknown";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4().ToString();
        }

        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
