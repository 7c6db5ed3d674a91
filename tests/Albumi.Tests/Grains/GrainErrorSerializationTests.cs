using Albumi.Grains.Accounts;
using Albumi.Grains.Workspaces;
using Albumi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Albumi.Tests.Grains;

/// <summary>
/// The errors grains answer with cross silos as what they are: the endpoints map them to problem responses by type and
/// by their fields, so a violation that arrived as a bare exception would turn a 409 into a 500.
/// </summary>
public sealed class GrainErrorSerializationTests() : WebNodesTest(1)
{
    [Fact]
    public void EveryGrainErrorKeepsItsTypeMessageAndFieldsOnTheWire()
    {
        var serializer = Node.Services.GetRequiredService<Serializer>();
        T RoundTrip<T>(T error)
            where T : Exception
            => Assert.IsType<T>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(error)));

        var rule = RoundTrip(new WorkspaceRuleException(WorkspaceRuleViolation.OwnerRequired, "A workspace always has exactly one owner."));
        Assert.Equal(WorkspaceRuleViolation.OwnerRequired, rule.Violation);
        Assert.Equal("A workspace always has exactly one owner.", rule.Message);

        Guid[] owned = [Guid.NewGuid(), Guid.NewGuid()];
        var owner = RoundTrip(new OwnerMustTransferException(owned));
        Assert.Equal(owned, owner.Workspaces);
        Assert.Contains("2 workspace(s)", owner.Message, StringComparison.Ordinal);

        Assert.Equal(new EmailAlreadyRegisteredException().Message, RoundTrip(new EmailAlreadyRegisteredException()).Message);
        Assert.Equal(new WorkspaceAccessDeniedException().Message, RoundTrip(new WorkspaceAccessDeniedException()).Message);
    }
}
