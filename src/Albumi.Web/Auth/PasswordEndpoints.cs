using System.ComponentModel.DataAnnotations;
using Albumi.Grains.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Auth;

/// <summary><c>/auth/password/register</c> and <c>/auth/password/signin</c>: local email + password accounts.</summary>
public static class PasswordEndpoints
{
    public const string Provider = "password";

    public static IEndpointRouteBuilder MapPasswordEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth/password").WithTags("Sign-in");
        group.MapPost("/register", RegisterAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/signin", SignInAsync).WithMetadata(new StartsSessionMetadata()).Accepts<SignInRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    internal static async Task<Results<Created<RegisteredAccount>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest? request, PasswordRegistration registration, HttpContext httpContext)
        => await registration.RunAsync(request, httpContext);

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SignInAsync(PasswordSignIn signIn, HttpContext httpContext)
        => await signIn.RunAsync(await SignInInput.ReadAsync(httpContext.Request), httpContext);
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
