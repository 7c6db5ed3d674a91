using System.Net;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Web;

public sealed class RootTests() : WebNodesTest(1)
{
    [Fact]
    public async Task TheRootAddressLeadsToTheWorkspacesPage()
    {
        var response = await Node.CreateBareClient().GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/workspaces", response.Headers.Location?.OriginalString);
    }
}
