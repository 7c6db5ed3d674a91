using Orleans.Runtime;

namespace Albumi.Grains.Security;

/// <summary>
/// Who a grain call is made for, carried in Orleans' <see cref="RequestContext"/> so it follows the call across silos and
/// into the grains it calls in turn: an account (set by the web node for each authenticated request) or a named system
/// path (a reminder's work). Workspace-scoped grains refuse calls that carry neither.
/// </summary>
public static class GrainCaller
{
    private const string AccountKey = "albumi.caller.account";
    private const string SystemKey = "albumi.caller.system";

    /// <summary>The account the current call is made for, if any.</summary>
    public static Guid? Account => RequestContext.Get(AccountKey) is Guid id ? id : null;

    /// <summary>The system path the current call is made for, if any.</summary>
    public static SystemCaller? System => RequestContext.Get(SystemKey) is SystemCaller caller ? caller : null;

    /// <summary>Makes the calls that follow (in this async flow) on behalf of <paramref name="accountId"/>, or of nobody.</summary>
    public static void ActAs(Guid? accountId)
    {
        RequestContext.Remove(SystemKey);
        if (accountId is { } id)
        {
            RequestContext.Set(AccountKey, id);
        }
        else
        {
            RequestContext.Remove(AccountKey);
        }
    }

    /// <summary>Makes the calls that follow (in this async flow) on behalf of a system path, for no account.</summary>
    public static void ActAs(SystemCaller caller)
    {
        RequestContext.Remove(AccountKey);
        RequestContext.Set(SystemKey, caller);
    }
}
