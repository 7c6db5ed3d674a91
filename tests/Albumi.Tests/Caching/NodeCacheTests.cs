using Albumi.Grains.Caching;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Caching;

/// <summary>The node cache's own rules; that every change drops every node's copy is what the revocation loops check.</summary>
public sealed class NodeCacheTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task AnAnswerIsServedFromTheCopyUntilItIsDropped()
    {
        var cache = new NodeCache(_clock);
        var fetches = 0;
        Task<string> FetchAsync() => Task.FromResult($"answer {++fetches}");

        Assert.Equal("answer 1", await cache.GetOrFetchAsync(CacheKeys.Session("k"), FetchAsync, _ => DateTimeOffset.MaxValue));
        Assert.Equal("answer 1", await cache.GetOrFetchAsync(CacheKeys.Session("k"), FetchAsync, _ => DateTimeOffset.MaxValue));
        cache.Drop([CacheKeys.Session("k")]);
        Assert.Equal("answer 2", await cache.GetOrFetchAsync(CacheKeys.Session("k"), FetchAsync, _ => DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task AnAnswerFetchedWhileADropArrivedIsNotKept()
    {
        var cache = new NodeCache(_clock);
        var answer = new TaskCompletionSource<string>();
        var stale = cache.GetOrFetchAsync(CacheKeys.Session("k"), () => answer.Task, _ => DateTimeOffset.MaxValue).AsTask();

        // The grain answered before its change, the drop for the change arrives before the answer does.
        cache.Drop([CacheKeys.Session("k")]);
        answer.SetResult("before the change");
        Assert.Equal("before the change", await stale);

        Assert.Equal("after the change", await cache.GetOrFetchAsync(CacheKeys.Session("k"), () => Task.FromResult("after the change"), _ => DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task RefusalsAreNeverKeptAndACopyEndsWithItsValidityOrItsLifetimeOnAlbumisClock()
    {
        var cache = new NodeCache(_clock);
        var fetches = 0;
        Task<string?> RefusedAsync() => Task.FromResult<string?>(++fetches > 0 ? null : "never");
        await cache.GetOrFetchAsync(CacheKeys.Session("refused"), RefusedAsync, found => found is null ? null : DateTimeOffset.MaxValue);
        await cache.GetOrFetchAsync(CacheKeys.Session("refused"), RefusedAsync, found => found is null ? null : DateTimeOffset.MaxValue);
        Assert.Equal(2, fetches);

        var validUntil = _clock.GetUtcNow().AddSeconds(1);
        Assert.Equal("v1", await cache.GetOrFetchAsync(CacheKeys.Session("expiring"), () => Task.FromResult("v1"), _ => validUntil));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("v2", await cache.GetOrFetchAsync(CacheKeys.Session("expiring"), () => Task.FromResult("v2"), _ => DateTimeOffset.MaxValue));
        Assert.Equal("v2", await cache.GetOrFetchAsync(CacheKeys.Session("expiring"), () => Task.FromResult("v3"), _ => DateTimeOffset.MaxValue));
        _clock.Advance(NodeCache.Lifetime);
        Assert.Equal("v4", await cache.GetOrFetchAsync(CacheKeys.Session("expiring"), () => Task.FromResult("v4"), _ => DateTimeOffset.MaxValue));
    }
}
