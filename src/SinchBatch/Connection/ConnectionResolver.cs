using System;
using System.Net;

namespace SinchBatch.Connection;

/// <summary>
/// Decides each connection setting in one place: the cmdlet's own parameter, then Connect-Sinch,
/// then the environment. A setting missing from all three is named in the error.
/// </summary>
internal static class ConnectionResolver
{
    public static readonly Uri DefaultAuthUri = new("https://auth.sinch.com/oauth2/token");

    public static ConnectionInput FromEnvironment(Func<string, string?> variable)
    {
        var input = new ConnectionInput
        {
            ProjectId = Blank(variable("SINCH_PROJECT_ID")),
            KeyId = Blank(variable("SINCH_KEY_ID")),
            KeySecret = Blank(variable("SINCH_KEY_SECRET")),
        };
        string? region = Blank(variable("SINCH_REGION"));
        if (region is not null)
        {
            input.Region = Enum.TryParse(region, ignoreCase: true, out SinchRegion parsed) && Enum.IsDefined(typeof(SinchRegion), parsed)
                ? parsed
                : throw SinchBatchException.InvalidArgument("SinchBatch.InvalidRegion", $"SINCH_REGION '{region}' is not a region: use US, EU or BR.");
        }

        return input;
    }

    public static ConnectionSettings Resolve(ConnectionInput given, ConnectionInput? session, ConnectionInput environment)
    {
        ConnectionInput[] sources = session is null ? new[] { given, environment } : new[] { given, session, environment };
        string projectId = First(sources, s => s.ProjectId)
            ?? throw Missing("SinchBatch.MissingProjectId", "project ID", "-ProjectId", "SINCH_PROJECT_ID");

        // The endpoint comes whole from the first source that names one: a -Region given to a
        // cmdlet beats the -BaseUri that Connect-Sinch stored. Within a source, -BaseUri wins.
        ConnectionInput endpoint = Array.Find(sources, s => s.BaseUri is not null || s.Region is not null)
            ?? throw Missing("SinchBatch.MissingRegion", "region", "-Region", "SINCH_REGION");
        Uri baseUri = endpoint.BaseUri ?? new Uri($"https://{endpoint.Region!.Value.ToString().ToLowerInvariant()}.conversationbatch.api.sinch.com");

        Uri authUri = First(sources, s => s.AuthUri) ?? DefaultAuthUri;
        CheckEndpoint(baseUri, "-BaseUri");
        CheckEndpoint(authUri, "-AuthUri");

        // Credentials come as a whole from the first source that has any, never mixed across sources.
        foreach (ConnectionInput source in sources)
        {
            if (!source.HasCredential)
            {
                continue;
            }

            if (source.AccessToken is null && (source.KeyId is null || source.KeySecret is null))
            {
                throw Missing("SinchBatch.MissingCredential", source.KeyId is null ? "key ID" : "key secret", "-Credential", source.KeyId is null ? "SINCH_KEY_ID" : "SINCH_KEY_SECRET");
            }

            return new ConnectionSettings(projectId, baseUri, authUri, source.KeyId, source.KeySecret, source.AccessToken, endpoint.BaseUri is null ? endpoint.Region : null);
        }

        throw Missing("SinchBatch.MissingCredential", "credential", "-Credential (key ID and secret) or -AccessToken", "SINCH_KEY_ID and SINCH_KEY_SECRET");
    }

    /// <summary>Keys and tokens travel to these hosts, so plain http is allowed for loopback only.</summary>
    public static void CheckEndpoint(Uri uri, string parameter)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.InvalidUri", $"{parameter} '{uri}' is not an absolute http or https URI.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.InvalidUri", $"{parameter} holds a user name or password: give the key with -Credential instead, so it stays out of output and logs.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw SinchBatchException.InvalidArgument("SinchBatch.InsecureUri", $"{parameter} '{uri}' is not https: credentials would cross the network in clear text. Only loopback addresses may use http.");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? address) && IPAddress.IsLoopback(address));

    private static T? First<T>(ConnectionInput[] sources, Func<ConnectionInput, T?> pick)
    {
        foreach (ConnectionInput source in sources)
        {
            T? value = pick(source);
            if (value is not null)
            {
                return value;
            }
        }

        return default;
    }

    private static SinchBatchException Missing(string errorId, string what, string parameter, string variable) =>
        SinchBatchException.InvalidArgument(
            errorId,
            $"No {what} was given. Pass {parameter}, run Connect-Sinch, or set {variable} in the environment.");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
