using System.Net;
using System.Text;
using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

public class TokenCacheTests
{
    private static readonly Uri AuthUri = new("https://auth.example/oauth2/token");

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private DateTime _now = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A token endpoint: counts requests, answers each with a new token, or refuses; held until released when asked.</summary>
    private sealed class TokenEndpoint : HttpMessageHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _arrived = new(0);
        private int _requests;

        public int Requests => _requests;

        public int ExpiresIn { get; set; } = 3600;

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        /// <summary>Whether requests wait for <see cref="Release"/> before they are answered, as over a slow network.</summary>
        public bool Held { get; init; }

        public List<string> Authorizations { get; } = new();

        public void Release() => _release.SetResult();

        /// <summary>Waits, with a deadline, until a request has come in.</summary>
        public async Task ArrivedAsync() => Assert.True(await _arrived.WaitAsync(Deadline), "No token request came in.");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _requests);
            lock (Authorizations)
            {
                Authorizations.Add(request.Headers.Authorization!.ToString());
            }

            _arrived.Release();
            if (Held)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }

            string body = Status == HttpStatusCode.OK ? $$"""{"access_token":"token-{{n}}","token_type":"Bearer","expires_in":{{ExpiresIn}}}""" : """{"error":"invalid_client"}""";
            return new HttpResponseMessage(Status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private TokenCache Cache() => new(() => _now);

    private static Task<string> Get(TokenCache cache, TokenEndpoint endpoint, string key = "k", string secret = "s") =>
        cache.GetAsync(new RequestSender(new HttpClient(endpoint), new RetryPolicy(0, TimeSpan.Zero), _ => { }), AuthUri, key, secret, CancellationToken.None);

    [Fact]
    public async Task One_token_serves_many_requests()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint();

        string[] tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Get(cache, endpoint)));

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Equal(1, endpoint.Requests);
    }

    [Fact]
    public async Task The_key_id_and_secret_go_as_http_basic()
    {
        var endpoint = new TokenEndpoint();
        await Get(Cache(), endpoint, "key", "sec:ret");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("key:sec:ret")), Assert.Single(endpoint.Authorizations));
    }

    [Theory]
    [InlineData(100, 80)]
    [InlineData(3600, 3540)]
    public async Task A_token_is_renewed_a_fifth_of_its_lifetime_early_and_at_most_a_minute_early(int expiresIn, int renewAfter)
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint { ExpiresIn = expiresIn };

        Assert.Equal("token-1", await Get(cache, endpoint));
        _now += TimeSpan.FromSeconds(renewAfter - 1);
        Assert.Equal("token-1", await Get(cache, endpoint));
        _now += TimeSpan.FromSeconds(1);
        Assert.Equal("token-2", await Get(cache, endpoint));
        Assert.Equal(2, endpoint.Requests);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh_in_flight()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint { Held = true };

        Task<string>[] callers = Enumerable.Range(0, 8).Select(_ => Get(cache, endpoint)).ToArray();
        await endpoint.ArrivedAsync();
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        endpoint.Release();
        string[] tokens = await Task.WhenAll(callers).WaitAsync(Deadline);

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Equal(1, endpoint.Requests);
    }

    [Fact]
    public async Task Different_keys_or_secrets_never_share_a_token()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint();

        string a = await Get(cache, endpoint, "key-a", "secret");
        string b = await Get(cache, endpoint, "key-b", "secret");
        string c = await Get(cache, endpoint, "key-a", "other-secret");

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public async Task A_refused_key_is_refused_again_without_asking()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint { Status = HttpStatusCode.Unauthorized };

        var first = await Assert.ThrowsAsync<SinchBatchException>(() => Get(cache, endpoint, "k", "s3cr3t-value"));
        var second = await Assert.ThrowsAsync<SinchBatchException>(() => Get(cache, endpoint, "k", "s3cr3t-value"));

        Assert.Equal("SinchBatch.AuthenticationFailed", first.ErrorId);
        Assert.Equal("SinchBatch.AuthenticationFailed", second.ErrorId);
        Assert.Equal(1, endpoint.Requests);
        Assert.Contains("'k'", first.Message);
        Assert.DoesNotContain("s3cr3t-value", first.Message);
    }

    [Fact]
    public async Task A_refused_key_is_asked_about_again_after_thirty_seconds()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint { Status = HttpStatusCode.Unauthorized };

        await Assert.ThrowsAsync<SinchBatchException>(() => Get(cache, endpoint));
        _now += TimeSpan.FromSeconds(29);
        await Assert.ThrowsAsync<SinchBatchException>(() => Get(cache, endpoint));
        Assert.Equal(1, endpoint.Requests);

        _now += TimeSpan.FromSeconds(1);
        endpoint.Status = HttpStatusCode.OK;
        Assert.Equal("token-2", await Get(cache, endpoint));
    }

    [Fact]
    public async Task A_server_error_is_not_a_refusal_and_is_asked_again()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint { Status = HttpStatusCode.ServiceUnavailable };

        Assert.Equal("SinchBatch.TokenRequestFailed", (await Assert.ThrowsAsync<SinchBatchException>(() => Get(cache, endpoint))).ErrorId);
        endpoint.Status = HttpStatusCode.OK;
        Assert.Equal("token-2", await Get(cache, endpoint));
    }

    [Fact]
    public async Task Invalidate_and_forget_make_the_next_caller_fetch_anew()
    {
        var cache = Cache();
        var endpoint = new TokenEndpoint();

        string first = await Get(cache, endpoint);
        cache.Invalidate(AuthUri, "k", "s", "not-the-current-token");
        Assert.Equal(first, await Get(cache, endpoint));

        cache.Invalidate(AuthUri, "k", "s", first);
        Assert.Equal("token-2", await Get(cache, endpoint));

        cache.Forget(AuthUri, "k", "s");
        Assert.Equal("token-3", await Get(cache, endpoint));
    }
}
