using System.Net;
using Albumi.Grains.Limits;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Limits;

/// <summary>
/// Password sign-in attempts, counted by the cluster per client IP and per account (see <see cref="AuthLimitOptions"/>).
/// The IP limit stops one client guessing at many accounts; the account limit stops a distributed guess at one. An
/// attempt the IP limit refused does not count against the account, and a right password gives the account's back.
/// </summary>
public sealed class SignInLimit(IGrainFactory grains, IOptions<AuthLimitOptions> options)
{
    public async Task<RateLimitDecision> AcquireAsync(IPAddress? ip, string email)
    {
        var byIp = await grains.GetGrain<IRateLimitGrain>(RateLimitKeys.SignInByIp(ip)).AcquireAsync(options.Value.SignInPerIp);
        return byIp.Granted
            ? await grains.GetGrain<IRateLimitGrain>(RateLimitKeys.SignInByAccount(email)).AcquireAsync(options.Value.SignInPerAccount)
            : byIp;
    }

    /// <summary>
    /// Gives the account's permit back once the password proved right: the account limit counts guesses, so a person who
    /// signs in often (twice per sign-in with two-factor on: the password, then the code) is never locked out by it. The
    /// IP's permit is kept, or an attacker could sign in to an account of their own to win back guesses at others.
    /// </summary>
    public Task ReturnForAccountAsync(string email)
        => grains.GetGrain<IRateLimitGrain>(RateLimitKeys.SignInByAccount(email)).ReturnAsync();
}
