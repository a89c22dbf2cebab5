using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using SinchBatch.Client;
using SinchBatch.Connection;
using SinchBatch.Validation;

namespace SinchBatch.Commands;

/// <summary>
/// The connection parameters every SinchBatch cmdlet takes (each declares -ProjectId itself, as
/// only some take it from the pipeline), how errors become records, and cancellation: one source,
/// cancelled by Ctrl+C or Stop-Job, whose token every request and every pause of every cmdlet takes.
/// </summary>
public abstract class SinchCmdlet : PSCmdlet, IDisposable
{
    private readonly ConcurrentQueue<string> _requestLog = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopToken;

    // StopProcessing runs on another thread and may come as the pipeline disposes the command: the lock keeps
    // Cancel off a disposed source.
    private readonly object _stopLock = new();
    private bool _disposed;

    protected SinchCmdlet() => _stopToken = _stop.Token;

    [Parameter]
    public SinchRegion? Region { get; set; }

    /// <summary>Scheme, host and optional base path that /v1/... is appended to; overrides the host -Region picks.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? AuthUri { get; set; }

    /// <summary>User name = key ID, password = key secret.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? AccessToken { get; set; }

    /// <summary>How many times one request may be retried (429, 503, network errors; reads also on other 5xx).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; } = RetryPolicy.DefaultRetryCount;

    /// <summary>The most one request may spend waiting between its retries.</summary>
    [Parameter]
    [ValidateTime(AllowZero = true)]
    public TimeSpan MaximumRetryTime { get; set; } = RetryPolicy.DefaultRetryTime;

    /// <summary>Cancelled by Ctrl+C or Stop-Job; kept apart from its source so reading it stays safe once that is disposed.</summary>
    internal CancellationToken StopToken => _stopToken;

    /// <summary>Where the HTTP layer leaves its request lines; written as verbose from the pipeline thread.</summary>
    internal Action<string> RequestLog => _requestLog.Enqueue;

    /// <summary>
    /// This cmdlet's parameters, then where the batch was sent (<paramref name="sentTo"/>, unless -Region
    /// or -BaseUri is given), then Connect-Sinch's connection (unless <paramref name="useSession"/> is
    /// false), then the environment.
    /// </summary>
    internal ConnectionSettings ResolveConnection(string? projectId, bool useSession = true, SinchEndpoint? sentTo = null)
    {
        SinchEndpoint? endpoint = Region is null && BaseUri is null ? sentTo : null;
        var given = new ConnectionInput
        {
            ProjectId = projectId,
            Region = Region,
            BaseUri = BaseUri ?? endpoint?.BaseUri,
            // The key may come from Connect-Sinch: it goes to the token endpoint it was connected with, not one piped in.
            AuthUri = AuthUri ?? (useSession && SessionConnection.Current?.AuthUri is not null ? null : endpoint?.AuthUri),
            KeyId = Credential?.UserName,
            KeySecret = Credential?.GetNetworkCredential().Password,
            AccessToken = AccessToken is null ? null : Plain(AccessToken),
        };
        return ConnectionResolver.Resolve(
            given,
            useSession ? SessionConnection.Current : null,
            ConnectionResolver.FromEnvironment(Environment.GetEnvironmentVariable));
    }

    /// <summary>Whether -WhatIf is in force, given or by preference: then nothing may reach the network.</summary>
    internal bool WhatIfRequested =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
            ? ((SwitchParameter)given).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>A client for the resolved connection, retrying as -MaximumRetryCount and -MaximumRetryTime say.</summary>
    internal SinchClient NewClient(ConnectionSettings connection) => new(connection, RequestLog, new RetryPolicy(MaximumRetryCount, MaximumRetryTime));

    internal void WriteRequestLog()
    {
        while (_requestLog.TryDequeue(out string? line))
        {
            WriteVerbose(line);
        }
    }

    /// <summary>Ctrl+C or Stop-Job: cancels whatever the command waits for, so it ends promptly.</summary>
    protected sealed override void StopProcessing()
    {
        lock (_stopLock)
        {
            if (!_disposed)
            {
                _stop.Cancel();
            }
        }
    }

    /// <summary>PowerShell disposes the command once its pipeline is done with it.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A command that must account for something as its pipeline ends does it here, before the base lets go of the token.</summary>
    protected virtual void Dispose(bool disposing)
    {
        lock (_stopLock)
        {
            _disposed = true;
            _stop.Dispose();
        }
    }

    /// <param name="targetName">
    /// What the error's CategoryInfo names, in place of the target's text: a row's text holds all its columns, which
    /// Windows PowerShell's error view prints (personal data stays in TargetObject, for the script to take).
    /// </param>
    internal static ErrorRecord ErrorFor(Exception exception, object? target, string? targetName = null)
    {
        if (exception is SinchBatchException known)
        {
            var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), known.Category.ToString());
            var record = new ErrorRecord(known, known.ErrorId, category, target);
            if (targetName is not null)
            {
                record.CategoryInfo.TargetName = targetName;
            }

            return record;
        }

        if (exception is OperationCanceledException)
        {
            return new ErrorRecord(exception, SinchBatchException.StoppedId, ErrorCategory.OperationStopped, target);
        }

        return new ErrorRecord(exception, SinchBatchException.UnexpectedId, ErrorCategory.NotSpecified, target);
    }

    private static string Plain(SecureString secure)
    {
        IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer) ?? "";
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
