using Albumi.Grains.Lifecycle;
using Albumi.Grains.Workspaces;

namespace Albumi.Grains.Security;

/// <summary>
/// The grain layer's wall of tenant isolation, beside the endpoint checks and row-level security: a call into a
/// workspace's grains must be made for a member of that workspace (the account in <see cref="GrainCaller"/>) or by a
/// named <see cref="SystemCaller"/>. A call for nobody is refused, not waved through. Orleans' own calls (a reminder tick,
/// activation management) use other interfaces and pass; the reminder handlers then act as their named system path.
/// </summary>
public sealed class WorkspaceMembersOnlyCallFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Every grain call passes here: the checks that need no await stay synchronous.
        return context.Grain switch
        {
            WorkspaceGrain workspace when context.Request.GetInterfaceType() == typeof(IWorkspaceGrain)
                => IsSystemCall() || (GrainCaller.Account is { } account && (workspace.HasMember(account) || IsAboutTheCallerThemself(context.Request, account)))
                    ? context.Invoke()
                    : Task.FromException(new WorkspaceAccessDeniedException()),
            WorkspaceLifecycleGrain lifecycle when context.Request.GetInterfaceType() == typeof(IWorkspaceLifecycleGrain)
                => InvokeLifecycleAsync(context, lifecycle),
            _ => context.Invoke(),
        };
    }

    private static bool IsSystemCall() => GrainCaller.System is not null;

    private static async Task InvokeLifecycleAsync(IIncomingGrainCallContext context, WorkspaceLifecycleGrain lifecycle)
    {
        // The lifecycle grain asks the workspace grain, which answers "own role" questions for anyone.
        if (!IsSystemCall() && (GrainCaller.Account is not { } account || !await lifecycle.HasMemberAsync(account)))
        {
            throw new WorkspaceAccessDeniedException();
        }

        await context.Invoke();
    }

    /// <summary>
    /// The calls a non-member makes about themself: creating a workspace they will own, accepting an invite into it,
    /// and asking their own role or the roster (which answer "none" to a stranger, as they do for a workspace that does not exist).
    /// </summary>
    private static bool IsAboutTheCallerThemself(Orleans.Serialization.Invocation.IInvokable call, Guid account)
    {
        var accountArgument = call.GetMethodName() switch
        {
            nameof(IWorkspaceGrain.CreateAsync) => 1,
            nameof(IWorkspaceGrain.AcceptInviteAsync) => 1,
            nameof(IWorkspaceGrain.GetRoleAsync) => 0,
            nameof(IWorkspaceGrain.GetRosterAsync) => 0,
            _ => -1,
        };
        return accountArgument >= 0 && call.GetArgument(accountArgument) is Guid argument && argument == account;
    }
}
