using System.Text.Json;
using SinchBatch.Emulator;
using Xunit;

namespace SinchBatch.Tests;

public class EmulatorFaultTests
{
    private static long Count(FaultPlan plan, string name) =>
        JsonSerializer.SerializeToElement(plan.Counts()).GetProperty(name).GetInt64();

    [Fact]
    public void No_fractions_draw_no_faults()
    {
        var plan = new FaultPlan(new FaultOptions { Seed = 1 });
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(Fault.None, plan.Next(send: true)));
    }

    [Theory]
    [InlineData(nameof(FaultOptions.HtmlAnswer), Fault.HtmlAnswer)]
    [InlineData(nameof(FaultOptions.EmptyAnswer), Fault.EmptyAnswer)]
    [InlineData(nameof(FaultOptions.NoBatchIdAnswer), Fault.NoBatchIdAnswer)]
    [InlineData(nameof(FaultOptions.InternalError), Fault.InternalError)]
    public void A_fraction_of_one_always_draws_that_fault(string option, Fault expected)
    {
        var options = new FaultOptions { Seed = 1 };
        typeof(FaultOptions).GetProperty(option)!.SetValue(options, 1.0);
        var plan = new FaultPlan(options);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(expected, plan.Next(send: true)));
    }

    [Fact]
    public void Bad_answers_hit_only_sends_and_are_counted_together()
    {
        var plan = new FaultPlan(new FaultOptions { HtmlAnswer = 0.4, EmptyAnswer = 0.3, NoBatchIdAnswer = 0.3, Seed = 1 });
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(Fault.None, plan.Next(send: false)));
        Assert.Equal(0, Count(plan, "bad_answer"));

        Fault[] drawn = Enumerable.Range(0, 300).Select(_ => plan.Next(send: true)).ToArray();
        Assert.Contains(Fault.HtmlAnswer, drawn);
        Assert.Contains(Fault.EmptyAnswer, drawn);
        Assert.Contains(Fault.NoBatchIdAnswer, drawn);
        Assert.Equal(300, Count(plan, "bad_answer"));
    }

    [Fact]
    public void Other_faults_hit_any_request()
    {
        var plan = new FaultPlan(new FaultOptions { Unavailable = 1 });
        Assert.Equal(Fault.Unavailable, plan.Next(send: false));
        Assert.Equal(Fault.Unavailable, plan.Next(send: true));
        Assert.Equal(2, Count(plan, "unavailable"));
    }

    [Fact]
    public void New_fractions_take_effect_and_those_not_given_become_zero()
    {
        var plan = new FaultPlan(new FaultOptions { InternalError = 1, Dropped = 0 });
        Assert.Equal(Fault.InternalError, plan.Next(send: true));

        plan.Replace(new FaultOptions { Dropped = 1 });
        Assert.Equal(Fault.Dropped, plan.Next(send: true));

        plan.Replace(new FaultOptions());
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(Fault.None, plan.Next(send: true)));

        // Counts go on across a Replace: they say what the run as a whole was served.
        Assert.Equal(1, Count(plan, "internal_error"));
        Assert.Equal(1, Count(plan, "dropped"));
    }

    [Fact]
    public void A_seed_restarts_the_sequence()
    {
        var options = new FaultOptions { RateLimited = 0.5, Seed = 42 };
        var plan = new FaultPlan(options);
        Fault[] first = Enumerable.Range(0, 50).Select(_ => plan.Next(send: true)).ToArray();

        plan.Replace(new FaultOptions { RateLimited = 0.5, Seed = 42 });
        Fault[] again = Enumerable.Range(0, 50).Select(_ => plan.Next(send: true)).ToArray();

        Assert.Equal(first, again);
        Assert.Contains(Fault.RateLimited, first);
        Assert.Contains(Fault.None, first);
    }

    [Fact]
    public void Reset_zeroes_the_counts_but_keeps_the_fractions()
    {
        var plan = new FaultPlan(new FaultOptions { EmptyAnswer = 1 });
        plan.Next(send: true);
        plan.Reset();
        Assert.Equal(0, Count(plan, "bad_answer"));
        Assert.Equal(Fault.EmptyAnswer, plan.Next(send: true));
    }

    [Fact]
    public void Fault_names_in_a_body_are_read_without_regard_to_case_and_unknown_ones_are_refused()
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        FaultOptions options = JsonSerializer.Deserialize<FaultOptions>("""{"internalError":0.25,"HTMLANSWER":1,"Seed":3}""", web)!;
        Assert.Equal(0.25, options.InternalError);
        Assert.Equal(1, options.HtmlAnswer);
        Assert.Equal(3, options.Seed);
        Assert.Equal(0, options.Dropped);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FaultOptions>("""{"Dropp":1}""", web));
    }
}
