namespace Albumi.Grains;

/// <summary>
/// How long a caller waits for a grain's answer. Every call has Orleans' response timeout, which Albumi sets to 4 s
/// (<c>Orleans:Messaging:ResponseTimeout</c>), below the 5 s a client or load balancer commonly gives a request: a call
/// held up by a stuck or frozen activation fails in time for the node to answer 503 with <c>Retry-After</c> (and a
/// <see cref="RepeatableAttribute"/> call to be sent again) instead of leaving the client to give up. The methods marked
/// with one of these constants (<c>[ResponseTimeout(GrainCallDeadlines.…)]</c>) wait longer because of what they do.
/// </summary>
public static class GrainCallDeadlines
{
    /// <summary>
    /// A change that returns only once no node serves the old state: it drops every node's cached copy, and when a node
    /// does not confirm (frozen, or declared dead within the last minutes) it waits out the copies' lifetime (2 s) at
    /// each step; a removal chains three such steps (the workspace, the memberships, the sessions).
    /// </summary>
    public const string Change = "00:00:10";

    /// <summary>An operator's command on the key ring, which may count or rewrite every stored secret.</summary>
    public const string Operator = "00:02:00";
}
