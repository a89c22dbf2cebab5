using SinchBatch.Campaigns;
using SinchBatch.Checking;
using SinchBatch.Client;
using Xunit;
using SinchBatch.Batches;

namespace SinchBatch.Tests;

public class CampaignRunTests
{
    private const string DigestA = "0123456789abcdef0123456789abcdef";
    private const string DigestB = "fedcba9876543210fedcba9876543210";

    /// <summary>This run's three batches.</summary>
    private static readonly SpooledBatch[] Input = { Batches.Of(1, 5, DigestA), Batches.Of(2, 5, DigestA), Batches.Of(3, 5, DigestA) };

    /// <summary>A batch as the campaign's listing shows it, sent by the run its request ID names.</summary>
    private static SinchBatchStatus Listed(string batchId, int number, string requestId, string digest = DigestA, SinchBatchState state = SinchBatchState.Scheduled) => new()
    {
        BatchId = batchId,
        Status = state,
        Metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Campaign] = "bf",
            [MetadataKeys.BatchNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MetadataKeys.Digest] = digest,
            [MetadataKeys.RequestId] = requestId,
        },
    };

    /// <summary>The campaign's listing, a clock and a wait that moves it, and what happens while the run waits.</summary>
    private sealed class Service
    {
        public List<SinchBatchStatus> Listing { get; } = new();

        public DateTime Now { get; set; } = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

        public int Lists { get; private set; }

        public List<TimeSpan> Waits { get; } = new();

        /// <summary>What another run does while this one waits: the batches it gets accepted, one list a wait.</summary>
        public Queue<SinchBatchStatus[]> Meanwhile { get; } = new();

        public CampaignRun Run(string runId) => new("bf", runId, List, () => Now, Wait);

        private Task<IReadOnlyList<SinchBatchStatus>> List(CancellationToken cancel)
        {
            Lists++;
            return Task.FromResult<IReadOnlyList<SinchBatchStatus>>(Listing.ToList());
        }

        private Task Wait(TimeSpan time, CancellationToken cancel)
        {
            Assert.True(Waits.Count < 10, "The run waits without end.");
            Waits.Add(time);
            Now += time;
            if (Meanwhile.TryDequeue(out SinchBatchStatus[]? accepted))
            {
                Listing.AddRange(accepted);
            }

            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_campaign_whose_every_batch_of_a_number_was_cancelled_is_not_sent_again_unless_resent()
    {
        var service = new Service();
        service.Listing.Add(Listed("B1", 1, "aaaa-1", state: SinchBatchState.Cancelled));
        service.Listing.Add(Listed("B2", 2, "aaaa-2", state: SinchBatchState.Cancelled));
        service.Listing.Add(Listed("B2b", 2, "cccc-2", state: SinchBatchState.Cancelled));

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => service.Run("bbbb").StartAsync(Input, force: false, resendCancelled: false, default));
        await service.Run("bbbb").StartAsync(Input, force: false, resendCancelled: true, default);

        Assert.Equal("SinchBatch.CampaignCancelled", error.ErrorId);
        Assert.Contains("batches 1, 2 were cancelled (such as B1)", error.Message);
        Assert.Contains("-ResendCancelled", error.Message);
        Assert.Empty(service.Waits);
    }

    [Fact]
    public async Task A_number_with_a_live_batch_beside_a_cancelled_one_is_not_cancelled()
    {
        var service = new Service();
        service.Listing.Add(Listed("B1", 1, "aaaa-1", state: SinchBatchState.Cancelled));
        service.Listing.Add(Listed("B1b", 1, "cccc-1"));
        service.Listing.Add(Listed("B2", 2, "cccc-2"));
        service.Listing.Add(Listed("B3", 3, "cccc-3"));

        await service.Run("bbbb").StartAsync(Input, force: false, resendCancelled: false, default);

        Assert.Empty(service.Waits);
    }

    [Fact]
    public async Task A_batch_that_holds_something_else_than_an_earlier_runs_of_its_number_ends_the_run_before_it_sends()
    {
        var service = new Service();
        service.Listing.Add(Listed("B2", 2, "aaaa-2", DigestB, SinchBatchState.Processed));

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => service.Run("bbbb").StartAsync(Input, force: true, resendCancelled: false, default));

        Assert.Equal("SinchBatch.CampaignChanged", error.ErrorId);
        Assert.Contains("Batch 2 ", error.Message);
    }

    [Fact]
    public async Task Another_runs_batches_that_grow_while_the_run_watches_end_it_with_CampaignInUse()
    {
        var service = new Service();
        service.Listing.Add(Listed("B1", 1, "aaaa-1"));
        service.Meanwhile.Enqueue(new[] { Listed("B2", 2, "aaaa-2") });

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => service.Run("bbbb").StartAsync(Input, force: false, resendCancelled: false, default));

        Assert.Equal(Campaign.InUseId, error.ErrorId);
        Assert.Equal(SinchErrorCategory.ResourceBusy, error.Category);
        Assert.StartsWith("Another run (aaaa) is sending campaign 'bf': it got batch 2 (B2) accepted while this run watched for 30 s", error.Message);
        Assert.Equal(new[] { CampaignRun.DefaultWatch }, service.Waits);
        Assert.Equal(2, service.Lists);
    }

    [Fact]
    public async Task Another_runs_batches_that_stop_coming_while_the_run_watches_are_taken_as_a_dead_runs_and_the_run_resumes()
    {
        var service = new Service();
        service.Listing.Add(Listed("B1", 1, "aaaa-1"));
        CampaignRun run = service.Run("bbbb");

        await run.StartAsync(Input, force: false, resendCancelled: false, default);

        Assert.Equal(new[] { CampaignRun.DefaultWatch }, service.Waits);
        Assert.Equal(2, service.Lists);
        Assert.Equal("B1", run.Current.Earlier(1, DigestA)!.BatchId);
        Assert.Null(run.Current.Earlier(2, DigestA));
    }

    [Fact]
    public async Task Force_starts_without_watching_another_runs_batches()
    {
        var service = new Service();
        service.Listing.Add(Listed("B1", 1, "aaaa-1"));
        service.Meanwhile.Enqueue(new[] { Listed("B2", 2, "aaaa-2") });

        await service.Run("bbbb").StartAsync(Input, force: true, resendCancelled: false, default);

        Assert.Empty(service.Waits);
        Assert.Equal(1, service.Lists);
    }

    [Fact]
    public async Task A_run_starts_without_watching_when_no_other_run_sent_or_the_campaign_is_complete()
    {
        var none = new Service();
        var complete = new Service();
        complete.Listing.AddRange(new[] { Listed("B1", 1, "aaaa-1"), Listed("B2", 2, "aaaa-2"), Listed("B3", 3, "cccc-3") });
        var cancelledOnly = new Service();
        cancelledOnly.Listing.Add(Listed("B1", 1, "aaaa-1", state: SinchBatchState.Cancelled));

        await none.Run("bbbb").StartAsync(Input, force: false, resendCancelled: false, default);
        await complete.Run("bbbb").StartAsync(Input, force: false, resendCancelled: false, default);
        await cancelledOnly.Run("bbbb").StartAsync(Input, force: false, resendCancelled: true, default);

        Assert.Empty(none.Waits);
        Assert.Empty(complete.Waits);
        Assert.Empty(cancelledOnly.Waits);
    }

    [Fact]
    public async Task A_look_is_due_after_the_first_new_batch_then_every_ten_and_after_a_stall_but_not_twice_at_one_count()
    {
        var service = new Service();
        CampaignRun run = service.Run("bbbb");
        await run.StartAsync(Input, force: false, resendCancelled: false, default);
        var due = new List<int>();

        for (int batch = 1; batch <= 25; batch++)
        {
            if (run.LookDue)
            {
                due.Add(run.Sent);
                await run.LookAsync(default);
                Assert.False(run.LookDue);
            }

            run.Sending();
        }

        Assert.Equal(new[] { 1, 10, 20 }, due);
        service.Now += run.Watch;
        Assert.False(run.LookDue);
        service.Now += TimeSpan.FromSeconds(1);
        Assert.True(run.LookDue);
        await run.LookAsync(default);
        Assert.False(run.LookDue);
    }

    [Fact]
    public async Task Another_runs_new_batches_end_this_run_when_that_runs_id_sorts_first()
    {
        var service = new Service();
        CampaignRun run = service.Run("bbbb");
        await run.StartAsync(Input, force: false, resendCancelled: false, default);
        run.Sending();
        service.Listing.AddRange(new[] { Listed("B1", 1, "bbbb-1"), Listed("A1", 1, "aaaa-1") });

        var error = await Assert.ThrowsAsync<SinchBatchException>(() => run.LookAsync(default));

        Assert.Equal(Campaign.InUseId, error.ErrorId);
        Assert.StartsWith("Another run (aaaa) is sending campaign 'bf': its batch 1 (A1) was accepted while this run sent", error.Message);
        Assert.Empty(service.Waits);
    }

    [Fact]
    public async Task When_this_runs_id_sorts_first_it_waits_until_the_others_batches_stop_coming_and_takes_them_as_already_sent()
    {
        var service = new Service();
        CampaignRun run = service.Run("aaaa");
        await run.StartAsync(Input, force: false, resendCancelled: false, default);
        run.Sending();
        service.Listing.AddRange(new[] { Listed("A1", 1, "aaaa-1"), Listed("C1", 1, "cccc-1") });
        service.Meanwhile.Enqueue(new[] { Listed("C2", 2, "cccc-2") });

        await run.LookAsync(default);

        Assert.Equal(new[] { run.Watch, run.Watch }, service.Waits);
        BatchAccepted second = run.Current.Earlier(2, DigestA)!;
        Assert.Equal(("C2", "cccc-2", true), (second.BatchId, second.RequestId, second.AlreadySent));
        Assert.Null(run.Current.Earlier(3, DigestA));
    }

    [Fact]
    public async Task A_look_finds_no_other_run_in_this_runs_own_batches_or_in_batches_seen_at_the_start()
    {
        var service = new Service();
        service.Listing.Add(Listed("A1", 1, "aaaa-1"));
        CampaignRun run = service.Run("bbbb");
        await run.StartAsync(Input, force: true, resendCancelled: false, default);
        run.Sending();
        service.Listing.Add(Listed("B2", 2, "bbbb-2"));

        await run.LookAsync(default);

        Assert.Empty(service.Waits);
    }

    [Fact]
    public async Task A_campaign_sent_but_for_a_batch_whose_every_recipient_is_excluded_is_complete_and_starts_without_watching()
    {
        var service = new Service();
        service.Listing.AddRange(new[] { Listed("B1", 1, "aaaa-1"), Listed("B3", 3, "aaaa-3") });
        SpooledBatch[] input = { Batches.Of(1, 5, DigestA), Batches.Of(2, 0, DigestA, excluded: 5), Batches.Of(3, 5, DigestA) };

        await service.Run("bbbb").StartAsync(input, force: false, resendCancelled: false, default);
        var notComplete = new Service();
        notComplete.Listing.AddRange(service.Listing);
        await notComplete.Run("bbbb").StartAsync(Input, force: false, resendCancelled: false, default);

        Assert.Empty(service.Waits);
        Assert.Single(notComplete.Waits);
    }
}
