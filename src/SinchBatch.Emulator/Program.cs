using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SinchBatch.Emulator;

// A local stand-in for the Sinch Conversation batch API. Run: dotnet SinchBatch.Emulator.dll --urls http://127.0.0.1:0
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(builder.Configuration.GetSection("Emulator").Get<EmulatorOptions>() ?? new EmulatorOptions());
builder.Services.AddSingleton<EmulatorState>();

var app = builder.Build();
app.Use(async (context, next) =>
{
    var state = context.RequestServices.GetRequiredService<EmulatorState>();
    bool counted = !context.Request.Path.StartsWithSegments("/_emulator");
    int ended = 0;
    void End()
    {
        if (counted && Interlocked.Exchange(ref ended, 1) == 0)
        {
            state.RequestEnded();
        }
    }

    if (counted)
    {
        state.RequestStarted(context.Request);

        // Ended before the answer leaves: a client that starts its next request on reading it is never counted twice.
        context.Response.OnStarting(() =>
        {
            End();
            return Task.CompletedTask;
        });
    }

    try
    {
        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            int latency = state.Options.LatencyMs + (state.Options.LatencyJitterMs > 0 ? Random.Shared.Next(state.Options.LatencyJitterMs + 1) : 0);
            if (latency > 0)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            bool send = HttpMethods.IsPost(context.Request.Method);
            Fault fault = state.Faults.Next(send);
            if (fault is Fault.RateLimited or Fault.RateLimitedBare or Fault.Unavailable || !send && fault is Fault.InternalError or Fault.Dropped)
            {
                await Endpoints.Fail(context, fault);
                return;
            }

            // A send hit by a 500, a drop or a bad answer is handled by the endpoint, after the batch is checked.
            context.Items[nameof(Fault)] = fault;
        }

        await next(context);
    }
    finally
    {
        End();
    }
});

app.MapPost("/oauth2/token", Endpoints.Token);
app.MapPost("/v1/projects/{projectId}/messages", Endpoints.SendBatch);
app.MapGet("/v1/projects/{projectId}/messages/{batchId}", Endpoints.GetBatch);
app.MapGet("/v1/projects/{projectId}/messages", Endpoints.ListByMetadata);
app.MapDelete("/v1/projects/{projectId}/messages", Endpoints.Cancel);
app.MapGet("/_emulator/batches", Endpoints.ListAccepted);
app.MapGet("/_emulator/stats", (EmulatorState state) => Results.Json(state.Stats()));
app.MapGet("/_emulator/wait", Endpoints.WaitForCount);
app.MapGet("/_emulator/idle", Endpoints.WaitForIdle);
app.MapGet("/_emulator/files/{name}", (string name, EmulatorState state) =>
    state.Options.FilesPath is { } folder && Path.GetFileName(name) == name && File.Exists(Path.Combine(folder, name))
        ? Results.File(Path.Combine(folder, name), "text/csv")
        : Results.NotFound());
app.MapGet("/_emulator/tokens", (EmulatorState state) => Results.Json(state.IssuedTokens.ToArray()));
app.MapPost("/_emulator/revoke-tokens", (EmulatorState state) =>
{
    state.RevokeTokens();
    return Results.NoContent();
});
app.MapPost("/_emulator/token-lifetime", (TokenLifetime lifetime, EmulatorState state) =>
{
    state.StateTokenLifetime(lifetime.ExpiresIn);
    return Results.NoContent();
});
app.MapPost("/_emulator/clock", (ClockMove move, EmulatorState state) =>
{
    state.MoveClock(TimeSpan.FromSeconds(move.AdvanceSeconds));
    return Results.Json(new { now = state.Now });
});
app.MapPost("/_emulator/faults", (FaultOptions faults, EmulatorState state) =>
{
    state.Faults.Replace(faults);
    return Results.NoContent();
});
app.MapPost("/_emulator/reset", (EmulatorState state) =>
{
    state.Reset();
    return Results.NoContent();
});

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
    Console.WriteLine("SinchBatch emulator listening on " + string.Join(" ", addresses));
});
app.Run();

/// <summary>Body of POST /_emulator/clock: {"advance_seconds": 600}.</summary>
internal sealed record ClockMove([property: System.Text.Json.Serialization.JsonPropertyName("advance_seconds")] double AdvanceSeconds);

/// <summary>Body of POST /_emulator/token-lifetime: {"expires_in": 0}, the lifetime new tokens state; null states TokenLifetimeSeconds again.</summary>
internal sealed record TokenLifetime([property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int? ExpiresIn);
