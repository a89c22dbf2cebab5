namespace SinchBatch.Emulator;

/// <summary>Settings, from the command line as --Emulator:Name=value.</summary>
public sealed class EmulatorOptions
{
    public string KeyId { get; set; } = "emulator-key";

    public string KeySecret { get; set; } = "emulator-secret";

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>How long an immediate batch stays READY before it is PROCESSED.</summary>
    public double ProcessingSeconds { get; set; } = 1;

    /// <summary>How long after a cancel request it takes effect (Sinch cancels asynchronously).</summary>
    public double CancelSeconds { get; set; } = 1;

    /// <summary>Added before each /v1 request is handled; a client that gives up meanwhile is not served.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Up to this much more latency, drawn for each /v1 request, so answers come back in another order than asked.</summary>
    public int LatencyJitterMs { get; set; }

    public FaultOptions Faults { get; set; } = new();

    /// <summary>Above 0, the list by metadata answers pages of this many, {"batches":[...],"next_page_token":"..."}; 0 answers one bare array.</summary>
    public int ListPageSize { get; set; }

    /// <summary>When exactly one batch matches, the list by metadata answers its status object itself, not an array.</summary>
    public bool ListSingleObject { get; set; }

    /// <summary>A folder whose files GET /_emulator/files/{name} serves, so a script can read a CSV from a URL.</summary>
    public string? FilesPath { get; set; }

    /// <summary>Keep every accepted request body for /_emulator/batches; off for million-row benchmarks.</summary>
    public bool KeepBodies { get; set; } = true;

    /// <summary>
    /// Accept every batch unchecked and only count its recipients, keeping nothing: a target for benchmarks,
    /// so the emulator's own work does not land on the client's account. Tests keep the validating emulator.
    /// </summary>
    public bool Sink { get; set; }
}
