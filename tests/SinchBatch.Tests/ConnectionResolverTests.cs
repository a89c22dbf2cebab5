using SinchBatch.Connection;
using Xunit;

namespace SinchBatch.Tests;

public class ConnectionResolverTests
{
    private static readonly ConnectionInput Nothing = new();

    private static ConnectionInput Env(params (string Name, string Value)[] variables) =>
        ConnectionResolver.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void A_parameter_wins_over_the_environment()
    {
        var given = new ConnectionInput { ProjectId = "p", Region = SinchRegion.EU, KeyId = "k", KeySecret = "s" };
        ConnectionSettings settings = ConnectionResolver.Resolve(given, null, Env(("SINCH_PROJECT_ID", "env"), ("SINCH_REGION", "US")));
        Assert.Equal("p", settings.ProjectId);
        Assert.Equal(new Uri("https://eu.conversationbatch.api.sinch.com"), settings.BaseUri);
        Assert.Equal(ConnectionResolver.DefaultAuthUri, settings.AuthUri);
    }

    [Fact]
    public void The_endpoint_names_its_region_or_else_its_base_uri()
    {
        var inRegion = new ConnectionInput { ProjectId = "p", Region = SinchRegion.EU, KeyId = "k", KeySecret = "s" };
        var ownUri = new ConnectionInput { ProjectId = "p", Region = SinchRegion.EU, BaseUri = new Uri("http://127.0.0.1:5080"), KeyId = "k", KeySecret = "s" };

        SinchEndpoint region = ConnectionResolver.Resolve(inRegion, null, Nothing).Endpoint;
        SinchEndpoint own = ConnectionResolver.Resolve(ownUri, null, Nothing).Endpoint;

        Assert.Equal(SinchRegion.EU, region.Region);
        Assert.Equal("EU", region.ToString());
        Assert.Equal(new Uri("https://eu.conversationbatch.api.sinch.com"), region.BaseUri);
        Assert.Null(own.Region);
        Assert.Equal("http://127.0.0.1:5080/", own.ToString());
        Assert.Equal(ConnectionResolver.DefaultAuthUri, own.AuthUri);
    }

    [Fact]
    public void The_environment_fills_what_parameters_leave_out()
    {
        ConnectionSettings settings = ConnectionResolver.Resolve(
            Nothing, null, Env(("SINCH_PROJECT_ID", "env-p"), ("SINCH_REGION", "br"), ("SINCH_KEY_ID", "k"), ("SINCH_KEY_SECRET", "s")));
        Assert.Equal("env-p", settings.ProjectId);
        Assert.Equal("https://br.conversationbatch.api.sinch.com/", settings.BaseUri.AbsoluteUri);
        Assert.Equal("k", settings.KeyId);
    }

    [Fact]
    public void Credentials_are_never_mixed_across_sources()
    {
        var given = new ConnectionInput { ProjectId = "p", Region = SinchRegion.US, AccessToken = "t" };
        ConnectionSettings settings = ConnectionResolver.Resolve(given, null, Env(("SINCH_KEY_ID", "k"), ("SINCH_KEY_SECRET", "s")));
        Assert.Equal("t", settings.AccessToken);
        Assert.Null(settings.KeyId);
    }

    [Fact]
    public void A_base_uri_overrides_the_region_host()
    {
        var given = new ConnectionInput { ProjectId = "p", Region = SinchRegion.US, BaseUri = new Uri("http://127.0.0.1:5000/base"), AccessToken = "t" };
        Assert.Equal("http://127.0.0.1:5000/base", ConnectionResolver.Resolve(given, null, Nothing).BaseUri.AbsoluteUri);
    }

    [Fact]
    public void The_session_fills_in_between_parameters_and_the_environment()
    {
        var session = new ConnectionInput { ProjectId = "session-p", BaseUri = new Uri("https://session.example"), KeyId = "sk", KeySecret = "ss" };
        var env = Env(("SINCH_PROJECT_ID", "env-p"), ("SINCH_REGION", "US"), ("SINCH_KEY_ID", "ek"), ("SINCH_KEY_SECRET", "es"));

        ConnectionSettings fromSession = ConnectionResolver.Resolve(Nothing, session, env);
        Assert.Equal(("session-p", "https://session.example/", "sk"), (fromSession.ProjectId, fromSession.BaseUri.AbsoluteUri, fromSession.KeyId));

        ConnectionSettings overridden = ConnectionResolver.Resolve(new ConnectionInput { ProjectId = "p", Region = SinchRegion.BR }, session, env);
        Assert.Equal(("p", "https://br.conversationbatch.api.sinch.com/", "sk"), (overridden.ProjectId, overridden.BaseUri.AbsoluteUri, overridden.KeyId));
    }

    [Theory]
    [InlineData("SinchBatch.MissingProjectId", null, "EU", "k", "s")]
    [InlineData("SinchBatch.MissingRegion", "p", null, "k", "s")]
    [InlineData("SinchBatch.MissingCredential", "p", "EU", null, null)]
    [InlineData("SinchBatch.MissingCredential", "p", "EU", "k", null)]
    [InlineData("SinchBatch.InvalidRegion", "p", "MARS", "k", "s")]
    public void A_missing_setting_is_named(string errorId, string? project, string? region, string? key, string? secret)
    {
        var env = new Dictionary<string, string?> { ["SINCH_PROJECT_ID"] = project, ["SINCH_REGION"] = region, ["SINCH_KEY_ID"] = key, ["SINCH_KEY_SECRET"] = secret };
        var ex = Assert.Throws<SinchBatchException>(() => ConnectionResolver.Resolve(Nothing, null, ConnectionResolver.FromEnvironment(n => env.GetValueOrDefault(n))));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("http://[::1]:8080", null)]
    [InlineData("https://example.com", null)]
    [InlineData("http://example.com", "SinchBatch.InsecureUri")]
    [InlineData("http://10.0.0.1", "SinchBatch.InsecureUri")]
    [InlineData("ftp://127.0.0.1", "SinchBatch.InvalidUri")]
    public void Plain_http_is_for_loopback_only(string uri, string? errorId)
    {
        var ex = Record.Exception(() => ConnectionResolver.CheckEndpoint(new Uri(uri), "-BaseUri"));
        Assert.Equal(errorId, (ex as SinchBatchException)?.ErrorId);
    }
}
