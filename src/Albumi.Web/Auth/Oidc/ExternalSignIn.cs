using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Web.Requests;

namespace Albumi.Web.Auth.Oidc;

/// <summary>
/// Turns a validated provider identity into an account: the linked account if there is one; else the account with the
/// same email, linked, only when the provider says the email is verified and the browser holds a session of that very
/// account with a recent step-up (linking adds a way in, so it is a protection change); else a new account (verified
/// email only).
/// </summary>
public sealed class ExternalSignIn(AccountDirectory directory, IGrainFactory grains, SecurityAuditLog audit)
{
    /// <summary>
    /// The account to sign in, or the reason the sign-in is refused. <paramref name="steppedUpAccount"/>: the account of
    /// the browser's current session when that session has a recent step-up, else null.
    /// </summary>
    public async Task<(Guid? AccountId, string? Refusal)> ResolveAsync(ExternalLogin login, string? displayName, ClientInfo client, Guid? steppedUpAccount)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(client);
        if (await directory.FindByLoginAsync(login.Provider, login.Subject) is { } linked)
        {
            var profile = await grains.GetGrain<IAccountGrain>(linked).GetProfileAsync();
            return profile?.Status == AccountStatus.Active ? (linked, null) : (null, "account disabled");
        }

        if (!EmailAddress.IsValid(login.Email))
        {
            return (null, "no usable email");
        }

        if (!login.EmailVerified)
        {
            return (null, "email not verified");
        }

        if (await directory.FindByEmailAsync(login.Email!) is { } existing)
        {
            if (existing.Status != AccountStatus.Active)
            {
                return (null, "account disabled");
            }

            if (existing.AccountId != steppedUpAccount)
            {
                return (null, $"an account with this email exists; to link {login.Provider} to it, sign in to it, confirm it is you (POST {StepUp.VerifyCodePath} or {StepUp.ReauthenticatePath}), then sign in with {login.Provider} again in the same browser");
            }

            await grains.GetGrain<IAccountGrain>(existing.AccountId).LinkLoginAsync(login);
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.ProviderLinked, SecurityOutcome.Success, AccountId: existing.AccountId, ActorAccountId: existing.AccountId,
                Ip: client.Ip, UserAgent: client.UserAgent, Provider: login.Provider));
            return (existing.AccountId, null);
        }

        var id = Guid.CreateVersion7();
        try
        {
            await grains.GetGrain<IAccountGrain>(id).CreateAsync(new NewAccount(login.Email!, Clip(displayName) ?? login.Email!, PasswordHash: null, login));
        }
        catch (EmailAlreadyRegisteredException)
        {
            return (null, "email registered concurrently");
        }

        await audit.WriteAsync(new SecurityEvent(SecurityEventType.AccountCreated, SecurityOutcome.Success, AccountId: id, ActorAccountId: id,
            Ip: client.Ip, UserAgent: client.UserAgent, Provider: login.Provider));
        return (id, null);
    }

    private static string? Clip(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim() is { Length: > 200 } long_ ? long_[..200] : name.Trim();
}
