using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SinchBatch.Client;

/// <summary>
/// OAuth2 client-credentials tokens, one per token endpoint and key, shared by every cmdlet and
/// runspace in the process. A token is renewed shortly before it expires, one refresh at a time.
/// A key the endpoint refused is refused again without asking for a while, so a send of many
/// batches with a wrong secret makes one token request, not one per batch.
/// </summary>
internal sealed class TokenCache
{
    public static readonly TokenCache Shared = new();

    private const string RefusedErrorId = "SinchBatch.AuthenticationFailed";
    private static readonly TimeSpan RememberRefusal = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly Func<DateTime> _clock;

    /// <param name="clock">Now, in UTC: a token's expiry and a refusal's memory are kept by it.</param>
    public TokenCache(Func<DateTime>? clock = null) => _clock = clock ?? (() => DateTime.UtcNow);

    public async Task<string> GetAsync(RequestSender sender, Uri authUri, string keyId, string keySecret, CancellationToken cancel)
    {
        Entry entry = _entries.GetOrAdd(KeyOf(authUri, keyId, keySecret), _ => new Entry());
        if (entry.Current is { } fresh && fresh.IsFresh(_clock()))
        {
            return fresh.Token;
        }

        await entry.Gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (entry.Refusal is { } refusal && _clock() < entry.RefusedUntil)
            {
                throw new SinchBatchException(refusal.ErrorId, refusal.Category, refusal.Message);
            }

            if (entry.Current is not { } current || !current.IsFresh(_clock()))
            {
                try
                {
                    entry.Current = current = await RequestAsync(sender, authUri, keyId, keySecret, cancel).ConfigureAwait(false);
                }
                catch (SinchBatchException ex) when (ex.ErrorId == RefusedErrorId)
                {
                    (entry.Refusal, entry.RefusedUntil) = (ex, _clock() + RememberRefusal);
                    throw;
                }
            }

            return current.Token;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Forgets a token the service refused, so the next request fetches a new one.</summary>
    public void Invalidate(Uri authUri, string keyId, string keySecret, string token)
    {
        if (_entries.TryGetValue(KeyOf(authUri, keyId, keySecret), out Entry? entry) && entry.Current?.Token == token)
        {
            entry.Current = null;
        }
    }

    /// <summary>Drops the token (and any refusal) held for a key, as Disconnect-Sinch does.</summary>
    public void Forget(Uri authUri, string keyId, string keySecret) => _entries.TryRemove(KeyOf(authUri, keyId, keySecret), out _);

    /// <summary>Asks for a token. It sends no message, so it is retried like a read.</summary>
    private async Task<Lease> RequestAsync(RequestSender sender, Uri authUri, string keyId, string keySecret, CancellationToken cancel)
    {
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(keyId + ":" + keySecret));
        DateTime sent = _clock();
        HttpResponseMessage response;
        try
        {
            response = await sender.SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, authUri)
                    {
                        Content = new FormUrlEncodedContent(new[] { new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "client_credentials") }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                    return Task.FromResult(request);
                },
                idempotent: true,
                renewOnce: null,
                cancel).ConfigureAwait(false);
        }
        catch (SinchBatchException ex) when (ex.ErrorId is "SinchBatch.AuthenticationFailed" or "SinchBatch.PermissionDenied" or "SinchBatch.RequestRejected")
        {
            throw new SinchBatchException(
                RefusedErrorId,
                SinchErrorCategory.AuthenticationError,
                $"The token endpoint {authUri.GetLeftPart(UriPartial.Path)} refused key ID '{keyId}'. Check the key ID and secret.",
                ex);
        }
        catch (SinchBatchException ex)
        {
            throw new SinchBatchException(
                "SinchBatch.TokenRequestFailed",
                SinchErrorCategory.ConnectionError,
                $"No token from {authUri.GetLeftPart(UriPartial.Path)}: {ex.Message}",
                ex);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return ReadLease(body, sent, authUri);
        }
    }

    private static Lease ReadLease(string body, DateTime sent, Uri authUri)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            string token = json.RootElement.GetProperty("access_token").GetString()!;
            long lifetime = json.RootElement.TryGetProperty("expires_in", out JsonElement expires) ? expires.GetInt64() : 3600;

            // Renew a fifth of the lifetime early (at most a minute), so no request leaves with a token about to lapse.
            long margin = Math.Min(60, lifetime / 5);
            return new Lease(token, sent.AddSeconds(lifetime - margin));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException or FormatException)
        {
            throw new SinchBatchException(
                "SinchBatch.TokenRequestFailed",
                SinchErrorCategory.InvalidResult,
                $"The token endpoint {authUri.GetLeftPart(UriPartial.Path)} answered without an access_token.",
                ex);
        }
    }

    /// <summary>The secret itself is never a key: a hash of it tells keys with the same ID apart.</summary>
    private static string KeyOf(Uri authUri, string keyId, string keySecret)
    {
        using SHA256 sha = SHA256.Create();
        string secretHash = Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(keySecret)));
        return authUri.AbsoluteUri + "\n" + keyId + "\n" + secretHash;
    }

    private sealed class Entry
    {
        private volatile Lease? _current;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The endpoint's last refusal of this key; read and written only inside the gate.</summary>
        public SinchBatchException? Refusal { get; set; }

        public DateTime RefusedUntil { get; set; }

        public Lease? Current
        {
            get => _current;
            set => _current = value;
        }
    }

    private sealed class Lease
    {
        public Lease(string token, DateTime renewAfter)
        {
            Token = token;
            RenewAfter = renewAfter;
        }

        public string Token { get; }

        public DateTime RenewAfter { get; }

        public bool IsFresh(DateTime now) => now < RenewAfter;
    }
}
