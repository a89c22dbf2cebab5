using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Connection;

namespace SinchBatch.Client;

/// <summary>The batch endpoints over HTTP, with the bearer token the connection calls for.</summary>
internal sealed class SinchClient
{
    /// <summary>More pages than a listing needs (10 million batches at a thousand a page): beyond it, the listing is taken as endless.</summary>
    internal const int MaxListingPages = 10_000;

    /// <summary>Where a wrapping object may hold the next page's token; the spellings are guesses, as Sinch documents none.</summary>
    private static readonly string[] PageTokenNames = { "next_page_token", "nextPageToken", "page_token" };

    /// <summary>One HttpClient for the process, so connections are pooled across cmdlets and runspaces.</summary>
    private static readonly HttpClient SharedHttp = CreateHttp();

    private readonly ConnectionSettings _connection;
    private readonly TokenCache _tokens;
    private readonly RequestSender _sender;

    /// <param name="log">Receives one line per HTTP request (method, path, status, time); never a secret.</param>
    public SinchClient(ConnectionSettings connection, Action<string> log, RetryPolicy? retry = null, HttpClient? http = null, TokenCache? tokens = null)
    {
        _connection = connection;
        _tokens = tokens ?? TokenCache.Shared;
        _sender = new RequestSender(http ?? SharedHttp, retry ?? RetryPolicy.Default, log);
    }

    public ConnectionSettings Connection => _connection;

    /// <summary>
    /// Fetches the token ahead of the first request, so it arrives while the first batch fills.
    /// Failures are left for the first real request to report, unless <paramref name="throwOnFailure"/>.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancel, bool throwOnFailure = false)
    {
        try
        {
            await TokenAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception) when (!throwOnFailure)
        {
        }
    }

    public async Task<BatchAccepted> SendBatchAsync(ArraySegment<byte> body, CancellationToken cancel)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Post,
            MessagesPath,
            () => JsonContent(body),
            cancel).ConfigureAwait(false);
        string answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            using JsonDocument json = JsonDocument.Parse(answer);
            JsonElement root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch_id", out JsonElement id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 })
            {
                return new BatchAccepted(id.GetString()!, ReadTime(root, "send_after"));
            }
        }
        catch (JsonException)
        {
        }

        // A 2xx means Sinch most likely acted: an answer that cannot be read is an unknown outcome, never "not sent".
        string what = answer.Trim().Length == 0 ? "an empty body" : answer.TrimStart().StartsWith("{", StringComparison.Ordinal) ? "JSON without a batch_id" : "something that is not JSON";
        throw new SinchBatchException(
            SinchBatchException.OutcomeUnknown,
            SinchErrorCategory.InvalidResult,
            $"Sinch answered {(int)response.StatusCode} to POST {MessagesPath} with {what}, so it most likely accepted the batch but did not say under which ID.");
    }

    public async Task<SinchBatchStatus> GetStatusAsync(string batchId, CancellationToken cancel)
    {
        try
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, MessagesPath + "/" + Uri.EscapeDataString(batchId), () => null, cancel).ConfigureAwait(false);
            using JsonDocument json = await ReadJsonAsync(response).ConfigureAwait(false);
            return ReadStatus(json.RootElement);
        }
        catch (SinchBatchException ex) when (ex.Category == SinchErrorCategory.ObjectNotFound)
        {
            throw new SinchBatchException("SinchBatch.BatchNotFound", SinchErrorCategory.ObjectNotFound, $"Project {_connection.ProjectId} has no batch '{batchId}'.", ex);
        }
    }

    /// <summary>
    /// The statuses of the batches whose batch metadata holds the key with the value, every page of them.
    /// Sinch documents neither the answer's shape nor paging: an array, an object wrapping one, or one status are read,
    /// and a page token at the top of a wrapping object is followed until it is absent or empty.
    /// </summary>
    public async Task<IReadOnlyList<SinchBatchStatus>> ListByMetadataAsync(string key, string value, CancellationToken cancel)
    {
        string query = MessagesPath + "?metadataKey=" + Uri.EscapeDataString(key) + "&metadataValue=" + Uri.EscapeDataString(value);
        var statuses = new List<SinchBatchStatus>();
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (int page = 1; ; page++)
        {
            string path = token is null ? query : query + "&page_token=" + Uri.EscapeDataString(token);
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, path, () => null, cancel).ConfigureAwait(false);
            using JsonDocument json = await ReadJsonAsync(response).ConfigureAwait(false);
            statuses.AddRange(ReadListing(json.RootElement));
            token = NextPageToken(json.RootElement);
            if (token is null)
            {
                return statuses;
            }

            // A service that hands out the same token again, or never stops, would keep the command listing forever.
            if (!tokens.Add(token))
            {
                throw UnexpectedListing($"with the page token of an earlier page on page {page}, so its pages would never end");
            }

            if (page == MaxListingPages)
            {
                throw UnexpectedListing($"with a page token on page {MaxListingPages}, more pages than any listing needs, so its pages were taken as never ending");
            }
        }
    }

    private IEnumerable<SinchBatchStatus> ReadListing(JsonElement root)
    {
        JsonElement list = root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("batch_id", out _))
            {
                return new[] { ReadStatus(root) };
            }

            // Google-style APIs, whose error bodies Sinch's follow, answer an empty list as {}.
            if (!root.EnumerateObject().Any())
            {
                return Array.Empty<SinchBatchStatus>();
            }

            list = root.EnumerateObject().Select(p => p.Value).FirstOrDefault(IsStatusArray);
        }

        return IsStatusArray(list)
            ? list.EnumerateArray().Select(ReadStatus).ToList()
            : throw UnexpectedListing("without a list of batches");
    }

    private static bool IsStatusArray(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.Object);

    /// <summary>The token of the next page, or null on the last.</summary>
    private static string? NextPageToken(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string name in PageTokenNames)
        {
            if (root.TryGetProperty(name, out JsonElement token))
            {
                // A token that cannot be followed must not end the listing quietly: the batches after it would seem never sent.
                return token.ValueKind switch
                {
                    JsonValueKind.String => token.GetString() is { Length: > 0 } text ? text : null,
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => token.GetRawText(),
                    _ => throw UnexpectedListing($"with a {name} that is not text"),
                };
            }
        }

        return null;
    }

    private static SinchBatchException UnexpectedListing(string what) =>
        new("SinchBatch.UnexpectedResponse", SinchErrorCategory.InvalidResult, "Sinch answered the list by metadata " + what + ".");

    /// <summary>Asks Sinch to cancel a scheduled batch. Sinch answers at once and cancels later, or not at all once the batch went out.</summary>
    public async Task CancelAsync(string batchId, CancellationToken cancel)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["batch_id"] = batchId });
        using HttpResponseMessage response = await SendAsync(HttpMethod.Delete, MessagesPath, () => JsonContent(new ArraySegment<byte>(body)), cancel).ConfigureAwait(false);
    }

    private SinchBatchStatus ReadStatus(JsonElement json)
    {
        string state = json.TryGetProperty("status", out JsonElement status) ? status.GetString() ?? "" : "";
        JsonElement metadata = json.TryGetProperty("meta_data", out JsonElement m) || json.TryGetProperty("metadata", out m) ? m : default;
        return new SinchBatchStatus
        {
            BatchId = json.TryGetProperty("batch_id", out JsonElement id) ? id.GetString() ?? "" : "",
            Status = Enum.TryParse(state, ignoreCase: true, out SinchBatchState parsed) && Enum.IsDefined(typeof(SinchBatchState), parsed) ? parsed : SinchBatchState.Unknown,
            SendAfter = ReadTime(json, "send_after"),
            Metadata = metadata.ValueKind == JsonValueKind.Object
                ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
                : new Dictionary<string, string>(),
            ProjectId = _connection.ProjectId,
            Endpoint = _connection.Endpoint,
        };
    }

    private static ByteArrayContent JsonContent(ArraySegment<byte> body)
    {
        var content = new ByteArrayContent(body.Array!, body.Offset, body.Count);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private string MessagesPath => "/v1/projects/" + Uri.EscapeDataString(_connection.ProjectId) + "/messages";

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancel)
    {
        var uri = new Uri(_connection.BaseUri.AbsoluteUri.TrimEnd('/') + path);
        string? token = null;
        return _sender.SendAsync(
            async () =>
            {
                token = await TokenAsync(cancel).ConfigureAwait(false);
                var request = new HttpRequestMessage(method, uri) { Content = content() };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return request;
            },
            idempotent: method != HttpMethod.Post,
            response =>
            {
                // A refused token means the service did not act: renew it, once, and try again.
                if (response.StatusCode != HttpStatusCode.Unauthorized || _connection.AccessToken is not null)
                {
                    return false;
                }

                _tokens.Invalidate(_connection.AuthUri, _connection.KeyId!, _connection.KeySecret!, token!);
                return true;
            },
            cancel);
    }

    private Task<string> TokenAsync(CancellationToken cancel) =>
        _connection.AccessToken is { } given
            ? Task.FromResult(given)
            : _tokens.GetAsync(_sender, _connection.AuthUri, _connection.KeyId!, _connection.KeySecret!, cancel);

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new SinchBatchException("SinchBatch.UnexpectedResponse", SinchErrorCategory.InvalidResult, "Sinch answered with something that is not JSON.", ex);
        }
    }

    internal static DateTime? ReadTime(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && DateTime.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
            ? time
            : null;

    private static HttpClient CreateHttp()
    {
        if (Edition.IsDesktop)
        {
            // Windows PowerShell may still default to TLS 1.0/1.1, which Sinch refuses.
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }

        var handler = new HttpClientHandler();
        try
        {
            // Windows PowerShell allows two connections per host unless told otherwise.
            handler.MaxConnectionsPerServer = 64;
        }
        catch (PlatformNotSupportedException)
        {
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) };
    }
}
