using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SinchBatch.Connection;

namespace SinchBatch.Client;

/// <summary>What Sinch answered to a batch request.</summary>
internal sealed class BatchAccepted
{
    public BatchAccepted(string batchId, DateTime? sendAfter)
    {
        BatchId = batchId;
        SendAfter = sendAfter;
    }

    public string BatchId { get; }

    public DateTime? SendAfter { get; }
}

/// <summary>The batch endpoints over HTTP, with the bearer token the connection calls for.</summary>
internal sealed class SinchClient
{
    /// <summary>One HttpClient for the process, so connections are pooled across cmdlets and runspaces.</summary>
    private static readonly HttpClient SharedHttp = CreateHttp();

    private readonly HttpClient _http;
    private readonly ConnectionSettings _connection;
    private readonly TokenCache _tokens;
    private readonly Action<string> _log;

    /// <param name="log">Receives one line per HTTP request (method, path, status, time); never a secret.</param>
    public SinchClient(ConnectionSettings connection, Action<string> log, HttpClient? http = null, TokenCache? tokens = null)
    {
        _connection = connection;
        _log = log;
        _http = http ?? SharedHttp;
        _tokens = tokens ?? TokenCache.Shared;
    }

    public ConnectionSettings Connection => _connection;

    /// <summary>
    /// Fetches the token ahead of the first request, so it arrives while the first chunk fills.
    /// Failures are left for the first real request to report.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancel)
    {
        try
        {
            await TokenAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
    }

    public async Task<BatchAccepted> SendBatchAsync(ArraySegment<byte> body, CancellationToken cancel)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Post,
            MessagesPath,
            () =>
            {
                var content = new ByteArrayContent(body.Array!, body.Offset, body.Count);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                return content;
            },
            cancel).ConfigureAwait(false);
        using JsonDocument json = await ReadJsonAsync(response).ConfigureAwait(false);
        JsonElement root = json.RootElement;
        string batchId = root.TryGetProperty("batch_id", out JsonElement id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : throw new SinchBatchException("SinchBatch.UnexpectedResponse", SinchErrorCategory.InvalidResult, "Sinch accepted the batch but its answer has no batch_id.");
        return new BatchAccepted(batchId, ReadTime(root, "send_after"));
    }

    private string MessagesPath => "/v1/projects/" + Uri.EscapeDataString(_connection.ProjectId) + "/messages";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancel)
    {
        var uri = new Uri(_connection.BaseUri.AbsoluteUri.TrimEnd('/') + path);
        for (int attempt = 1; ; attempt++)
        {
            string token = await TokenAsync(cancel).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, uri) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response = await SendLoggedAsync(_http, request, _log, cancel).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            // A refused token means the service did not act: renew it once and try again.
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1 && _connection.AccessToken is null)
            {
                _tokens.Invalidate(_connection.AuthUri, _connection.KeyId!, _connection.KeySecret!, token);
                response.Dispose();
                continue;
            }

            using (response)
            {
                throw await ErrorFromAsync(response).ConfigureAwait(false);
            }
        }
    }

    private Task<string> TokenAsync(CancellationToken cancel) =>
        _connection.AccessToken is { } given
            ? Task.FromResult(given)
            : _tokens.GetAsync(_http, _connection.AuthUri, _connection.KeyId!, _connection.KeySecret!, _log, cancel);

    /// <summary>Sends a request and logs its method, path, status and time; the query and headers are left out.</summary>
    internal static async Task<HttpResponseMessage> SendLoggedAsync(HttpClient http, HttpRequestMessage request, Action<string> log, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string line = request.Method + " " + request.RequestUri!.AbsolutePath;
        try
        {
            HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
            log($"{line} -> {(int)response.StatusCode} {response.ReasonPhrase} ({clock.ElapsedMilliseconds} ms)");
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            log($"{line} -> no answer ({clock.ElapsedMilliseconds} ms)");
            throw new SinchBatchException(
                "SinchBatch.ConnectionFailed",
                SinchErrorCategory.ConnectionError,
                $"{line} got no answer from {request.RequestUri.GetLeftPart(UriPartial.Authority)}: {Innermost(ex).Message}",
                ex);
        }
    }

    private static async Task<SinchBatchException> ErrorFromAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        string detail = ApiError.Describe(body) ?? response.ReasonPhrase ?? "";
        int status = (int)response.StatusCode;
        var (errorId, category) = status switch
        {
            401 => ("SinchBatch.AuthenticationFailed", SinchErrorCategory.AuthenticationError),
            403 => ("SinchBatch.PermissionDenied", SinchErrorCategory.PermissionDenied),
            404 => ("SinchBatch.NotFound", SinchErrorCategory.ObjectNotFound),
            429 => ("SinchBatch.RateLimited", SinchErrorCategory.LimitsExceeded),
            >= 400 and < 500 => ("SinchBatch.RequestRejected", SinchErrorCategory.InvalidData),
            _ => ("SinchBatch.ServiceError", SinchErrorCategory.NotSpecified),
        };
        return new SinchBatchException(errorId, category, $"Sinch answered {status}: {detail}");
    }

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

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);

    private static HttpClient CreateHttp()
    {
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

/// <summary>Sinch's error body: {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}.</summary>
internal static class ApiError
{
    public static string? Describe(string body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string status = error.TryGetProperty("status", out JsonElement s) ? s.ToString() : "";
                string message = error.TryGetProperty("message", out JsonElement m) ? m.ToString() : "";
                return (status + " " + message).Trim();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
