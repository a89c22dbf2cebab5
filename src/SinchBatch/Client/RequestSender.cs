using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SinchBatch.Client;

/// <summary>
/// Sends one request, retrying as the policy allows: it logs every attempt (method, path,
/// status, time; never a header), waits between attempts, and turns what finally failed into a
/// SinchBatchException with a stable ErrorId.
/// </summary>
internal sealed class RequestSender
{
    private readonly HttpClient _http;
    private readonly RetryPolicy _policy;
    private readonly Action<string> _log;
    private readonly Func<DateTime> _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _sleep;
    private readonly RateGate _gate;

    /// <param name="clock">Now, in UTC: a 429's pause and a Retry-After date are read by it.</param>
    /// <param name="sleep">Waits the given time: between attempts and through a 429's pause.</param>
    public RequestSender(
        HttpClient http,
        RetryPolicy policy,
        Action<string> log,
        Func<DateTime>? clock = null,
        Func<TimeSpan, CancellationToken, Task>? sleep = null)
    {
        _http = http;
        _policy = policy;
        _log = log;
        _clock = clock ?? (() => DateTime.UtcNow);
        _sleep = sleep ?? Task.Delay;
        _gate = new RateGate(_clock);
    }

    /// <param name="build">Makes the request afresh for every attempt (a request can be sent only once).</param>
    /// <param name="idempotent">Whether doing it twice does no harm: false for a send, whose ambiguous failures are never retried.</param>
    /// <param name="renewOnce">Given a refusal, whether to try once more at once (a 401 for a token that can be renewed).</param>
    public async Task<HttpResponseMessage> SendAsync(
        Func<Task<HttpRequestMessage>> build, bool idempotent, Func<HttpResponseMessage, bool>? renewOnce, CancellationToken cancel)
    {
        TimeSpan waited = TimeSpan.Zero;
        bool renewed = false;
        int retry = 0;
        for (int attempt = 1; ; attempt++)
        {
            if (_gate.Remaining is { Ticks: > 0 } pause)
            {
                await _sleep(pause, cancel).ConfigureAwait(false);
            }

            using HttpRequestMessage request = await build().ConfigureAwait(false);
            string line = request.Method + " " + request.RequestUri!.AbsolutePath;
            var clock = Stopwatch.StartNew();
            HttpResponseMessage? response = null;
            Exception? broken = null;
            TimeSpan delay;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
                _log($"{line} -> {(int)response.StatusCode} {response.ReasonPhrase} ({clock.ElapsedMilliseconds} ms)");
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                if (!renewed && renewOnce?.Invoke(response) == true)
                {
                    renewed = true;
                    response.Dispose();
                    continue;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancel.IsCancellationRequested)
            {
                broken = ex;
                _log($"{line} -> no answer ({clock.ElapsedMilliseconds} ms): {Innermost(ex).Message}");
            }

            using (response)
            {
                FailureKind kind = response is null ? RetryPolicy.Classify(broken!) : FailureKind.Status;
                int status = response is null ? 0 : (int)response.StatusCode;
                SinchBatchException failure = response is null
                    ? new SinchBatchException("SinchBatch.ConnectionFailed", SinchErrorCategory.ConnectionError, $"{line} got no answer from {request.RequestUri.GetLeftPart(UriPartial.Authority)}: {Innermost(broken!).Message}", broken)
                    : await ErrorFromAsync(response).ConfigureAwait(false);
                if (RetryPolicy.IsAmbiguous(idempotent, kind, status))
                {
                    throw new SinchBatchException(
                        SinchBatchException.OutcomeUnknown,
                        SinchErrorCategory.ConnectionError,
                        $"Sinch may or may not have acted on {line}: {failure.Message} It was not sent again, which could message its recipients twice.",
                        failure);
                }

                // A 429 asks for patience, not a retry of a failure: only the time limit bounds it.
                bool rateLimited = status == 429;
                delay = _policy.Delay(rateLimited ? attempt : retry + 1, response is null ? null : RetryPolicy.RetryAfter(response, _clock()));
                if (!RetryPolicy.MayRetry(idempotent, kind, status)
                    || (!rateLimited && retry >= _policy.MaximumRetryCount)
                    || waited + delay > _policy.MaximumRetryTime)
                {
                    throw attempt == 1 ? failure : new SinchBatchException(failure.ErrorId, failure.Category, $"{failure.Message} (gave up after {attempt - 1} retries over {waited.TotalSeconds:0} s)", failure.InnerException);
                }

                if (rateLimited)
                {
                    _gate.PauseFor(delay);
                }
                else
                {
                    retry++;
                }

                _log($"{line}: {(rateLimited ? "rate limited" : $"retry {retry} of at most {_policy.MaximumRetryCount}")}, trying again in {delay.TotalSeconds:0.0} s");
            }

            await _sleep(delay, cancel).ConfigureAwait(false);
            waited += delay;
        }
    }

    internal static async Task<SinchBatchException> ErrorFromAsync(HttpResponseMessage response)
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

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);
}
