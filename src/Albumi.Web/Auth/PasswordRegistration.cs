using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Albumi.Web.Auth;

/// <summary>
/// The one rule for a new email + password account, run by <c>POST /auth/password/register</c> and by the sign-up
/// page's own post: local accounts on, a valid email, a display name, a password the policy accepts, one account per
/// email, an audit row. The answer is the endpoint's; the page reads it back into field errors or signs the person in.
/// </summary>
public sealed class PasswordRegistration(LocalAccounts localAccounts, IGrainFactory grains, PasswordHasher<PasswordAccount> hasher, SecurityAuditLog audit)
{
    public async Task<Results<Created<RegisteredAccount>, ValidationProblem, ProblemHttpResult>> RunAsync(RegisterRequest? request, HttpContext httpContext)
    {
        if (!localAccounts.Enabled)
        {
            return Problem.Create(StatusCodes.Status404NotFound, ProblemTypes.LocalAccountsDisabled, "Local accounts are disabled.", "Sign in with a configured provider.");
        }

        var errors = new Dictionary<string, string[]>();
        if (!EmailAddress.IsValid(request?.Email))
        {
            errors["email"] = ["A valid email address is required."];
        }

        var displayName = request?.DisplayName?.Trim();
        if (displayName is not { Length: >= 1 and <= 200 })
        {
            errors["displayName"] = ["A display name of 1 to 200 characters is required."];
        }

        if (request?.Password is not { } password)
        {
            errors["password"] = ["A password is required."];
        }
        else if (errors.Count == 0 && PasswordPolicy.Check(password, request.Email!, displayName!) is { } weak)
        {
            errors["password"] = [weak];
        }

        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }

        var id = Guid.CreateVersion7();
        AccountProfile profile;
        try
        {
            profile = await grains.GetGrain<IAccountGrain>(id).CreateAsync(
                new NewAccount(request!.Email!, displayName!, hasher.HashPassword(new PasswordAccount(), request.Password!), Login: null));
        }
        catch (EmailAlreadyRegisteredException)
        {
            return Problem.Conflict(ProblemTypes.EmailTaken, "Email already registered.", "An account with this email exists; sign in instead.");
        }

        var client = ClientInfo.From(httpContext);
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.AccountCreated, SecurityOutcome.Success, AccountId: id, ActorAccountId: id, Ip: client.Ip, UserAgent: client.UserAgent, Provider: PasswordEndpoints.Provider));
        return TypedResults.Created($"/v1/me", new RegisteredAccount(profile.Id, profile.Email, profile.DisplayName));
    }
}
