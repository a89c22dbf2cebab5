using SinchBatch.Emulator;
using Xunit;

namespace SinchBatch.Tests;

public class EmulatorLifeCycleTests
{
    private static readonly DateTime Received = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Processing = TimeSpan.FromSeconds(1);

    private static AcceptedBatch Batch(bool scheduled, int sendAfterMinutes = 0) =>
        new("B", "P", Received.AddMinutes(sendAfterMinutes), scheduled, Received, new Dictionary<string, string>(), 1, null);

    [Fact]
    public void An_immediate_batch_is_ready_then_processed()
    {
        AcceptedBatch batch = Batch(scheduled: false);
        Assert.Equal("READY", batch.StatusAt(Received, Processing));
        Assert.Equal("PROCESSED", batch.StatusAt(Received.AddSeconds(1), Processing));
    }

    [Fact]
    public void A_scheduled_batch_is_scheduled_until_its_time_then_processed()
    {
        AcceptedBatch batch = Batch(scheduled: true, sendAfterMinutes: 10);
        Assert.Equal("SCHEDULED", batch.StatusAt(Received.AddMinutes(9), Processing));
        Assert.Equal("PROCESSED", batch.StatusAt(Received.AddMinutes(10), Processing));
    }

    [Fact]
    public void A_cancel_before_the_time_takes_effect_after_its_delay()
    {
        AcceptedBatch batch = Batch(scheduled: true, sendAfterMinutes: 10);
        batch.RequestCancel(Received.AddMinutes(1), TimeSpan.FromSeconds(2));
        Assert.Equal("SCHEDULED", batch.StatusAt(Received.AddMinutes(1).AddSeconds(1), Processing));
        Assert.Equal("CANCELLED", batch.StatusAt(Received.AddMinutes(1).AddSeconds(2), Processing));
        Assert.Equal("CANCELLED", batch.StatusAt(Received.AddMinutes(20), Processing));
    }

    [Fact]
    public void A_cancel_that_would_take_effect_after_the_time_changes_nothing()
    {
        AcceptedBatch batch = Batch(scheduled: true, sendAfterMinutes: 10);
        batch.RequestCancel(Received.AddMinutes(10).AddSeconds(-1), TimeSpan.FromSeconds(2));
        Assert.Equal("PROCESSED", batch.StatusAt(Received.AddMinutes(11), Processing));
    }

    [Fact]
    public void A_cancel_after_the_time_or_of_an_immediate_batch_changes_nothing()
    {
        AcceptedBatch late = Batch(scheduled: true, sendAfterMinutes: 10);
        late.RequestCancel(Received.AddMinutes(11), TimeSpan.Zero);
        Assert.Equal("PROCESSED", late.StatusAt(Received.AddMinutes(12), Processing));

        AcceptedBatch immediate = Batch(scheduled: false);
        immediate.RequestCancel(Received, TimeSpan.Zero);
        Assert.Equal("PROCESSED", immediate.StatusAt(Received.AddMinutes(1), Processing));
    }
}
