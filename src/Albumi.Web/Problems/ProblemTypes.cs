namespace Albumi.Web.Problems;

/// <summary>The stable <c>type</c> URIs of Albumi's problem responses.</summary>
public static class ProblemTypes
{
    private const string Base = "https://albumi.dev/problems/";

    public const string DatabaseUnavailable = Base + "database-unavailable";
}
