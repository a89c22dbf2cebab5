using System.Text;
using SinchBatch.Emulator;
using Xunit;

namespace SinchBatch.Tests;

public class EmulatorSinkTests
{
    private static int Count(string json) => Endpoints.CountRecipients(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void The_sink_counts_the_entries_of_recipient_and_params_whatever_they_hold()
    {
        Assert.Equal(3, Count("""
            {"app_id":"a","message":{"text_message":{"text":"Hi"}},
             "recipient_and_params":[{"recipient":{"contact_id":"1"},"parameters":{"n":"x"}},{"nonsense":[1,2]},{}],
             "ttl":"10s"}
            """));
    }

    [Fact]
    public void The_sink_looks_only_at_the_top_level_field()
    {
        Assert.Equal(1, Count("""{"message":{"recipient_and_params":[1,2,3,4]},"batch_metadata":{"x":"y"},"recipient_and_params":[{}]}"""));
        Assert.Equal(0, Count("""{"app_id":"a"}"""));
    }

    [Fact]
    public void The_sink_refuses_what_is_not_JSON()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Count("""{"recipient_and_params":[{}"""));
    }
}
