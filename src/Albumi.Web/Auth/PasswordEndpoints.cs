using System.ComponentModel.DataAnnotations;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Grains.Sessions;
using Albumi.Web.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Albumi.Web.Auth;

/// <summary><c>/auth/password/register</c> and <c>/auth/password/signin</c>: local email + password accounts.</summary>
public static class PasswordEndpoints
{
    public const string Provider = "password";

    // Verified against when the email is unknown, so both answers take the same time.
    private static readonly string DecoyHash = new PasswordHasher<PasswordAccount>().HashPassword(new PasswordAccount(), Guid.NewGuid().ToString());

    public static IEndpointRouteBuilder MapPasswordEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth/password").WithTags("Sign-in");
        group.MapPost("/register", RegisterAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/signin", SignInAsync).WithMetadata(new StartsSessionMetadata()).Accepts<SignInRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    internal static async Task<Results<Created<RegisteredAccount>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest? request,
        LocalAccounts localAccounts,
        IGrainFactory grains,
        PasswordHasher<PasswordAccount> hasher,
        SecurityAuditLog audit,
        HttpContext httpContext)
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
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.AccountCreated, SecurityOutcome.Success, AccountId: id, ActorAccountId: id, Ip: client.Ip, UserAgent: client.UserAgent, Provider: Provider));
        return TypedResults.Created($"/v1/me", new RegisteredAccount(profile.Id, profile.Email, profile.DisplayName));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SignInAsync(
        LocalAccounts localAccounts,
        AccountDirectory directory,
        PasswordHasher<PasswordAccount> hasher,
        SignInLimit limit,
        Albumi.Grains.Mfa.TotpService totp,
        SecurityAuditLog audit,
        HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        if (!localAccounts.Enabled)
        {
            return Problem.Create(StatusCodes.Status404NotFound, ProblemTypes.LocalAccountsDisabled, "Local accounts are disabled.", "Sign in with a configured provider.");
        }

        // Every attempt counts against the limits, whatever it carries (bad input is refused only after), and is audited.
        var request = await SignInInput.ReadAsync(httpContext.Request);
        var client = ClientInfo.From(httpContext);
        if (await limit.AcquireAsync(client.Ip, request.Email ?? "") is { Granted: false } decision)
        {
            var blocked = decision.FirstRefusal && request.Errors is null ? await directory.FindByEmailAsync(request.Email!) : null;
            return await TooManyRequests.RefuseAsync(httpContext, decision, SecurityEventType.SignIn, blocked?.AccountId, "Too many sign-in attempts; wait before trying again.", provider: Provider);
        }

        if (request.Errors is { } errors)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Failure, Ip: client.Ip, UserAgent: client.UserAgent, Provider: Provider, Reason: "invalid input"));
            return Problem.Validation(errors);
        }

        var (email, password) = (request.Email!, request.Password!);
        var account = await directory.FindByEmailAsync(email);
        var verified = hasher.VerifyHashedPassword(new PasswordAccount(), account?.PasswordHash ?? DecoyHash, password) != PasswordVerificationResult.Failed;
        if (account is null || account.PasswordHash is null || !verified || account.Status != AccountStatus.Active)
        {
            var reason = account is null ? "unknown email" : account.Status != AccountStatus.Active ? "account disabled" : "wrong password";
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Failure, AccountId: account?.AccountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: Provider, Reason: reason));
            return Problem.InvalidCredentials();
        }

        await limit.ReturnForAccountAsync(email);
        var secondFactorPassed = false;
        if (await totp.IsEnabledAsync(account.AccountId))
        {
            if (string.IsNullOrWhiteSpace(request.TotpCode))
            {
                return Problem.Create(StatusCodes.Status401Unauthorized, ProblemTypes.MfaRequired, "A second factor is required.",
                    "Send totpCode: a current authenticator code or an unused recovery code.");
            }

            var check = await totp.VerifyAsync(account.AccountId, request.TotpCode);
            if (check.Limited is { } limited)
            {
                return await TooManyRequests.SecondFactorAsync(httpContext, limited, SecurityEventType.SignIn, account.AccountId);
            }

            if (!check.Accepted)
            {
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Failure, AccountId: account.AccountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: Provider,
                    Reason: "second factor: " + check.Failure));
                return Problem.Create(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidSecondFactor, "Wrong second factor.", "The code is wrong, expired or was used already.");
            }

            secondFactorPassed = true;
            if (check.Method == "recovery-code")
            {
                await audit.WriteAsync(new SecurityEvent(SecurityEventType.RecoveryCodeUsed, SecurityOutcome.Success, AccountId: account.AccountId, ActorAccountId: account.AccountId, Ip: client.Ip, UserAgent: client.UserAgent,
                    Metadata: new Dictionary<string, string> { ["remaining"] = check.RecoveryCodesLeft!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
                httpContext.Response.Headers["Albumi-Recovery-Codes-Remaining"] = check.RecoveryCodesLeft!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        await httpContext.StartSessionAsync(account.AccountId, Provider, secondFactorPassed);
        httpContext.Response.Headers.CacheControl = "no-store";
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.SignIn, SecurityOutcome.Success, AccountId: account.AccountId, ActorAccountId: account.AccountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: Provider));
        return TypedResults.NoContent();
    }
}

public sealed record RegisterRequest(
    [property: Required, StringLength(EmailAddress.MaxLength, MinimumLength = 3)] string? Email,
    [property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength)] string? Password,
    [property: Required, StringLength(200, MinimumLength = 1)] string? DisplayName);

/// <summary>
/// A password sign-in: the email and password and, when the account has two-factor authentication on, a current
/// authenticator code or an unused recovery code in totpCode. (The endpoint reads it with <c>SignInInput</c>.)
/// </summary>
public sealed record SignInRequest(
    [property: Required, StringLength(EmailAddress.MaxLength, MinimumLength = 1)] string? Email,
    [property: Required, StringLength(PasswordPolicy.MaxLength, MinimumLength = 1)] string? Password,
    string? TotpCode = null);

public sealed record RegisteredAccount(Guid Id, string Email, string DisplayName);

/// <summary>The type argument ASP.NET Core Identity's password hasher wants; the hash depends on nothing in it.</summary>
public sealed class PasswordAccount;

/// <summary>Whether email + password accounts are on (configured, else on with the embedded database only).</summary>
public sealed record LocalAccounts(bool Enabled);
