using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace SinchBatch.Emulator;

/// <summary>The HTTP endpoints: Sinch's, and /_emulator/ ones for tests.</summary>
public static class Endpoints
{
    /// <summary>The HtmlAnswer fault's body: what a proxy or gateway in between might put in place of Sinch's answer.</summary>
    private const string ProxyPage =
        "<!DOCTYPE html>\n<html><head><title>Request received</title></head>\n<body><h1>Request received</h1><p>Your request is being processed by the gateway.</p></body></html>\n";

    public static async Task<IResult> Token(HttpRequest request, EmulatorState state)
    {
        string header = request.Headers.Authorization.ToString();
        string? pair = null;
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            try
            {
                pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Substring(6)));
            }
            catch (FormatException)
            {
            }
        }

        if (pair != state.Options.KeyId + ":" + state.Options.KeySecret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed." }, statusCode: 401);
        }

        IFormCollection form = request.HasFormContentType ? await request.ReadFormAsync() : FormCollection.Empty;
        if (form["grant_type"] != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }

        return Results.Json(new { access_token = state.IssueToken(), token_type = "Bearer", expires_in = state.StatedTokenLifetime, scope = "" });
    }

    public static async Task<IResult> SendBatch(string projectId, HttpContext context, HttpRequest request, EmulatorState state)
    {
        if (Unauthenticated(request, state) is { } refusal)
        {
            return refusal;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        DateTime now = state.Now;
        if (state.Options.Sink)
        {
            return Sink(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), now, state);
        }

        byte[] body = buffer.ToArray();
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + ex.Message);
        }

        using (json)
        {
            if (BatchRules.Check(json.RootElement, now) is { } problem)
            {
                return Error(400, "INVALID_ARGUMENT", problem);
            }

            JsonElement root = json.RootElement;
            DateTime sendAfter = BatchRules.ScheduledTime(root, now);
            var batch = new AcceptedBatch(
                NewBatchId(now),
                projectId,
                sendAfter,
                scheduled: root.TryGetProperty("send_after", out _),
                now,
                root.TryGetProperty("batch_metadata", out JsonElement metadata)
                    ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
                    : new Dictionary<string, string>(),
                root.GetProperty("recipient_and_params").GetArrayLength(),
                state.Options.KeepBodies ? body : null);
            Fault fault = context.Items[nameof(Fault)] as Fault? ?? Fault.None;
            if (fault is Fault.InternalError or Fault.Dropped)
            {
                if (state.Faults.RecordAnyway())
                {
                    state.Accept(batch);
                }

                await Fail(context, fault);
                return Results.Empty;
            }

            state.Accept(batch);

            // A bad answer comes after Sinch acted: the batch is recorded, but the client cannot read it as an acceptance.
            return fault switch
            {
                Fault.HtmlAnswer => Results.Content(ProxyPage, "text/html; charset=utf-8"),
                Fault.EmptyAnswer => Results.Ok(),
                Fault.NoBatchIdAnswer => Results.Json(new { send_after = Iso(sendAfter) }),
                _ => Results.Json(new { batch_id = batch.BatchId, send_after = Iso(sendAfter) }),
            };
        }
    }

    /// <summary>Sink mode: counts the recipients and answers at once; checks nothing, keeps nothing.</summary>
    private static IResult Sink(ReadOnlySpan<byte> body, DateTime now, EmulatorState state)
    {
        int recipients;
        try
        {
            recipients = CountRecipients(body);
        }
        catch (JsonException ex)
        {
            return Error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + ex.Message);
        }

        state.Sunk(recipients);
        return Results.Json(new { batch_id = NewBatchId(now), send_after = Iso(now) });
    }

    /// <summary>How many entries recipient_and_params holds, read as tokens without building or checking anything.</summary>
    public static int CountRecipients(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            if (!reader.ValueTextEquals("recipient_and_params"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            int count = 0;
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                count++;
            }

            return count;
        }

        return 0;
    }

    public static IResult GetBatch(string projectId, string batchId, HttpRequest request, EmulatorState state)
    {
        if (Unauthenticated(request, state) is { } refusal)
        {
            return refusal;
        }

        return state.Find(projectId, batchId) is { } batch
            ? Results.Json(Status(batch, state))
            : Error(404, "NOT_FOUND", $"Batch {batchId} not found.");
    }

    /// <summary>The batches whose batch_metadata holds the key with the value: their statuses, in the shape the options ask for.</summary>
    public static IResult ListByMetadata(
        string projectId, string? metadataKey, string? metadataValue, [FromQuery(Name = "page_token")] string? pageToken, HttpRequest request, EmulatorState state)
    {
        if (Unauthenticated(request, state) is { } refusal)
        {
            return refusal;
        }

        if (string.IsNullOrEmpty(metadataKey) || metadataValue is null)
        {
            return Error(400, "INVALID_ARGUMENT", "metadataKey and metadataValue are required.");
        }

        object[] statuses = state.Batches
            .Where(b => b.ProjectId == projectId && b.Metadata.TryGetValue(metadataKey, out string? value) && value == metadataValue)
            .Select(b => Status(b, state))
            .ToArray();
        return ListingAnswer.For(statuses, pageToken, state.Options) is { } answer
            ? Results.Json(answer)
            : Error(400, "INVALID_ARGUMENT", $"page_token '{pageToken}' is not one this listing gave.");
    }

    /// <summary>Cancellation is asynchronous: always 200, whether or not it will take effect.</summary>
    public static async Task<IResult> Cancel(string projectId, HttpRequest request, EmulatorState state)
    {
        if (Unauthenticated(request, state) is { } refusal)
        {
            return refusal;
        }

        string? batchId = null;
        try
        {
            using JsonDocument json = await JsonDocument.ParseAsync(request.Body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("batch_id", out JsonElement id))
            {
                batchId = id.GetString();
            }
        }
        catch (JsonException)
        {
        }

        if (string.IsNullOrEmpty(batchId))
        {
            return Error(400, "INVALID_ARGUMENT", "batch_id is required.");
        }

        state.Find(projectId, batchId)?.RequestCancel(state.Now, TimeSpan.FromSeconds(state.Options.CancelSeconds));
        return Results.Json(new { });
    }

    private static object Status(AcceptedBatch batch, EmulatorState state) => new
    {
        batch_id = batch.BatchId,
        meta_data = batch.Metadata,
        status = state.StatusOf(batch),
        send_after = Iso(batch.SendAfter),
    };

    public static async Task ListAccepted(HttpResponse response, EmulatorState state)
    {
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartArray();
        foreach (AcceptedBatch batch in state.Batches)
        {
            writer.WriteStartObject();
            writer.WriteString("batch_id", batch.BatchId);
            writer.WriteString("project_id", batch.ProjectId);
            writer.WriteString("send_after", Iso(batch.SendAfter));
            writer.WriteString("received_at", batch.ReceivedAt.ToString("o", CultureInfo.InvariantCulture));
            writer.WriteNumber("recipient_count", batch.RecipientCount);
            writer.WriteString("status", state.StatusOf(batch));
            if (batch.Body is not null)
            {
                writer.WritePropertyName("request");
                writer.WriteRawValue(batch.Body);
            }

            writer.WriteEndObject();
            await writer.FlushAsync();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Answers once the counter is at least the value, or at the time-out, with whether it got there and every counter then:
    /// a test waits on the event, not on a guess of how long it takes.
    /// </summary>
    public static async Task<IResult> WaitForCount(
        string counter,
        [FromQuery(Name = "at_least")] long atLeast,
        [FromQuery(Name = "timeout_seconds")] double? timeoutSeconds,
        HttpContext context,
        EmulatorState state)
    {
        if (state.Count(counter) is null)
        {
            return Results.BadRequest(new { error = $"'{counter}' is not a counter /_emulator/stats gives." });
        }

        bool reached = await state.WaitUntil(() => state.Count(counter) >= atLeast, WaitTimeout(timeoutSeconds), context.RequestAborted);
        return Results.Json(new { reached, stats = state.Stats() });
    }

    /// <summary>
    /// Answers once the emulator holds no request (every one it received has its answer, or was given up by its client), or at
    /// the time-out: counters read then show all a command's requests did, so a test can prove nothing more came of them.
    /// </summary>
    public static async Task<IResult> WaitForIdle([FromQuery(Name = "timeout_seconds")] double? timeoutSeconds, HttpContext context, EmulatorState state)
    {
        bool reached = await state.WaitUntil(() => state.Count("in_flight") == 0, WaitTimeout(timeoutSeconds), context.RequestAborted);
        return Results.Json(new { reached, stats = state.Stats() });
    }

    private static TimeSpan WaitTimeout(double? seconds) => TimeSpan.FromSeconds(Math.Clamp(seconds ?? 60, 0, 600));

    /// <summary>Answers with the fault: a status and Sinch's error body, or a dropped connection.</summary>
    public static async Task Fail(HttpContext context, Fault fault)
    {
        if (fault == Fault.Dropped)
        {
            context.Abort();
            return;
        }

        (int code, string status) = fault switch
        {
            Fault.RateLimited or Fault.RateLimitedBare => (429, "RESOURCE_EXHAUSTED"),
            Fault.Unavailable => (503, "UNAVAILABLE"),
            _ => (500, "INTERNAL"),
        };
        if (fault == Fault.RateLimited)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        await Error(code, status, "Injected fault.").ExecuteAsync(context);
    }

    private static IResult? Unauthenticated(HttpRequest request, EmulatorState state)
    {
        string header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && state.IsValidToken(header.Substring(7))
            ? null
            : Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }

    private static IResult Error(int code, string status, string message) =>
        Results.Json(new { error = new { code, message, status, details = Array.Empty<object>() } }, statusCode: code);

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A ULID: 48 bits of milliseconds and 80 random bits, in Crockford base 32.</summary>
    private static string NewBatchId(DateTime now)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<byte> bytes = stackalloc byte[16];
        long ms = new DateTimeOffset(now).ToUnixTimeMilliseconds();
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (8 * (5 - i)));
        }

        RandomNumberGenerator.Fill(bytes.Slice(6));
        UInt128 value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        var id = new char[26];
        for (int i = 25; i >= 0; i--)
        {
            id[i] = alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(id);
    }
}
