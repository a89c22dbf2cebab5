using SinchBatch.Validation;
using Xunit;

namespace SinchBatch.Tests;

public class ScheduleWindowTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 10, DateTimeKind.Utc);

    [Fact]
    public void A_utc_time_is_kept_to_the_second()
    {
        DateTime asked = Now.AddHours(2).AddMilliseconds(750);
        Assert.Equal(Now.AddHours(2), ScheduleWindow.Validate(asked, Now));
        Assert.Equal(DateTimeKind.Utc, ScheduleWindow.Validate(asked, Now).Kind);
    }

    [Fact]
    public void A_local_time_is_converted_to_utc()
    {
        DateTime local = Now.AddHours(2).ToLocalTime();
        Assert.Equal(DateTimeKind.Local, local.Kind);
        Assert.Equal(Now.AddHours(2), ScheduleWindow.Validate(local, Now));
    }

    [Fact]
    public void An_unspecified_time_is_taken_as_local()
    {
        var unspecified = DateTime.SpecifyKind(Now.AddHours(2).ToLocalTime(), DateTimeKind.Unspecified);
        Assert.Equal(Now.AddHours(2), ScheduleWindow.Validate(unspecified, Now));
    }

    [Fact]
    public void The_ends_of_time_are_refused_not_overflowed()
    {
        Assert.Equal("SinchBatch.SendAfterTooFar", Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(DateTime.MaxValue, Now)).ErrorId);
        Assert.Equal("SinchBatch.SendAfterInPast", Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(DateTime.MinValue, Now)).ErrorId);
    }

    [Fact]
    public void A_time_more_than_a_minute_past_is_refused() =>
        Assert.Equal("SinchBatch.SendAfterInPast", Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(Now.AddSeconds(-61), Now)).ErrorId);

    [Fact]
    public void A_time_within_the_last_minute_is_allowed() => Assert.Equal(Now.AddSeconds(-30), ScheduleWindow.Validate(Now.AddSeconds(-30), Now));

    [Fact]
    public void Seven_days_ahead_after_rounding_is_the_limit()
    {
        // Now is 12:00:10, so now + 7 days rounds up to 12:05:00, beyond the limit.
        Assert.Equal("SinchBatch.SendAfterTooFar", Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(Now.AddDays(7), Now)).ErrorId);
        Assert.Equal("SinchBatch.SendAfterTooFar", Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(Now.AddDays(8), Now)).ErrorId);

        DateTime lastMark = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(lastMark.AddSeconds(-1), ScheduleWindow.Validate(lastMark.AddSeconds(-1), Now));
    }

    [Fact]
    public void A_week_from_now_is_refused_naming_the_time_asked_its_rounding_and_the_latest_that_can_be_asked()
    {
        string message = Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(Now.AddDays(7), Now)).Message;

        Assert.Contains("asks for 2026-12-04T12:00:10Z, which Sinch would round up to 2026-12-04T12:05:00Z", message);
        Assert.Contains("The latest time that can be asked for now is 2026-12-04T12:00:00Z.", message);
        Assert.Contains("(Get-Date).AddDays(7).AddMinutes(-5)", message);
        Assert.Equal(ScheduleWindow.Validate(new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc), Now), new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void A_time_weeks_ahead_gets_no_week_from_now_advice() =>
        Assert.DoesNotContain("AddDays(7)", Assert.Throws<SinchBatchException>(() => ScheduleWindow.Validate(Now.AddDays(30), Now)).Message);

    [Theory]
    [InlineData(30, "2026-11-27T12:00:40Z")]
    [InlineData(59, "2026-11-27T12:01:09Z")]
    [InlineData(60, "2026-11-27T12:05:00Z")]
    [InlineData(290, "2026-11-27T12:05:00Z")]
    [InlineData(291, "2026-11-27T12:10:00Z")]
    [InlineData(3590, "2026-11-27T13:00:00Z")]
    public void The_preview_keeps_times_under_a_minute_ahead_and_rounds_the_rest_up_to_five_minutes(int secondsAhead, string expected) =>
        Assert.Equal(expected, ScheduleWindow.Format(ScheduleWindow.Preview(Now.AddSeconds(secondsAhead), Now)));
}
