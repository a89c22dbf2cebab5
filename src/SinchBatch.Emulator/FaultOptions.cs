using System.Text.Json.Serialization;

namespace SinchBatch.Emulator;

/// <summary>Fractions of /v1 requests to answer badly, from --Emulator:Faults:Name=0.2 or POST /_emulator/faults; all zero by default.</summary>
// A misspelt name in POST /_emulator/faults is a 400, not a run that silently has no faults.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class FaultOptions
{
    /// <summary>429 with Retry-After: 1.</summary>
    public double RateLimited { get; set; }

    /// <summary>429 without Retry-After.</summary>
    public double RateLimitedBare { get; set; }

    /// <summary>503, before the request is looked at: the service surely did not act.</summary>
    public double Unavailable { get; set; }

    /// <summary>500 after the body is read; a batch is recorded in about half of these.</summary>
    public double InternalError { get; set; }

    /// <summary>The connection is dropped after the body is read; a batch is recorded in about half of these.</summary>
    public double Dropped { get; set; }

    /// <summary>Sends only: the batch is recorded, but the answer is a 200 HTML page, as from a proxy in between.</summary>
    public double HtmlAnswer { get; set; }

    /// <summary>Sends only: the batch is recorded, but the answer is a 200 with an empty body.</summary>
    public double EmptyAnswer { get; set; }

    /// <summary>Sends only: the batch is recorded, but the answer is a 200 JSON body without batch_id.</summary>
    public double NoBatchIdAnswer { get; set; }

    /// <summary>Makes the faults repeatable; 0 for a new sequence each run.</summary>
    public int Seed { get; set; }
}
