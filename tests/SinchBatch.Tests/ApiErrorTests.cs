using SinchBatch.Client;
using Xunit;

namespace SinchBatch.Tests;

public class ApiErrorTests
{
    [Theory]
    [InlineData("""{"error":{"code":400,"message":"app_id is required","status":"INVALID_ARGUMENT","details":[]}}""", "INVALID_ARGUMENT app_id is required")]
    [InlineData("""{"code":404,"message":"Batch not found","status":"NOT_FOUND","details":[]}""", "NOT_FOUND Batch not found")]
    [InlineData("""{"code":403,"message":"","status":"PERMISSION_DENIED"}""", "PERMISSION_DENIED")]
    [InlineData("""{"error":{"code":400,"message":"","status":"INVALID_ARGUMENT","details":[{"field":"ttl"}]}}""", """INVALID_ARGUMENT [{"field":"ttl"}]""")]
    public void Reads_the_error_wrapped_or_at_the_top_level(string body, string described) =>
        Assert.Equal(described, ApiError.Describe(body));

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"batch_id":"01G"}""")]
    public void Anything_else_is_no_error_body(string body) =>
        Assert.Null(ApiError.Describe(body));
}
