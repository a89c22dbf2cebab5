using SinchBatch.Campaigns;
using Xunit;

namespace SinchBatch.Tests;

/// <summary>Tests that point the process's temporary folder elsewhere run alone, so no other test sees the change.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnTemporaryFolder
{
    public const string Name = "Own temporary folder";
}

/// <summary>Each test takes locks in a temporary folder of its own (Path.GetTempPath reads TMPDIR, TMP on Windows), removed after.</summary>
[Collection(OwnTemporaryFolder.Name)]
public sealed class CampaignLockTests : IDisposable
{
    private static readonly string Variable = OperatingSystem.IsWindows() ? "TMP" : "TMPDIR";
    private readonly string? _before = Environment.GetEnvironmentVariable(Variable);
    private readonly string _folder = Directory.CreateTempSubdirectory("SinchBatchLockTests-").FullName;

    public CampaignLockTests() => Environment.SetEnvironmentVariable(Variable, _folder + Path.DirectorySeparatorChar);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, _before);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Two_unshared_handles_on_one_file_conflict_within_one_process_which_the_lock_relies_on()
    {
        string path = Path.Combine(_folder, "probe");
        using var first = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        Assert.Throws<IOException>(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose());
    }

    [Fact]
    public void A_second_take_of_a_campaign_throws_CampaignInUse_naming_the_run_that_holds_it()
    {
        using CampaignLock held = CampaignLock.Take("p", "bf", "run1");

        var error = Assert.Throws<SinchBatchException>(() => CampaignLock.Take("p", "bf", "run2").Dispose());

        Assert.Equal("SinchBatch.CampaignInUse", error.ErrorId);
        Assert.Equal(SinchErrorCategory.ResourceBusy, error.Category);
        Assert.StartsWith("Another run on this machine is sending campaign 'bf' (run run1, process " + Environment.ProcessId + ", since ", error.Message);
        Assert.Single(Directory.GetFiles(_folder, "SinchBatch-*.lock"));
    }

    [Fact]
    public void Another_campaign_or_project_takes_a_lock_of_its_own()
    {
        using CampaignLock held = CampaignLock.Take("p", "bf", "run1");
        using CampaignLock otherCampaign = CampaignLock.Take("p", "bf2", "run2");
        using CampaignLock otherProject = CampaignLock.Take("p2", "bf", "run3");

        Assert.Equal(3, Directory.GetFiles(_folder, "SinchBatch-*.lock").Length);
    }

    [Fact]
    public void A_lock_let_go_can_be_taken_again()
    {
        CampaignLock.Take("p", "bf", "run1").Dispose();

        using CampaignLock again = CampaignLock.Take("p", "bf", "run2");

        Assert.StartsWith("run run2,", CampaignLock.HeldBy("p", "bf"));
    }

    [Fact]
    public void HeldBy_names_the_run_holding_the_lock_and_is_null_when_none_does()
    {
        Assert.Null(CampaignLock.HeldBy("p", "bf"));

        using (CampaignLock.Take("p", "bf", "run1"))
        {
            Assert.StartsWith($"run run1, process {Environment.ProcessId}, since ", CampaignLock.HeldBy("p", "bf"));
            Assert.Null(CampaignLock.HeldBy("p", "bf2"));
            Assert.Null(CampaignLock.HeldBy("p2", "bf"));
        }

        Assert.Null(CampaignLock.HeldBy("p", "bf"));
        CampaignLock.Take("p", "bf", "run2").Dispose();
    }

    [Fact]
    public void A_take_that_cannot_write_its_note_lets_the_lock_go()
    {
        CampaignLock.Take("p", "bf", "run1").Dispose();
        string note = Directory.GetFiles(_folder, "SinchBatch-*.lock.run").Single();
        File.Delete(note);
        Directory.CreateDirectory(note);

        Assert.NotNull(Record.Exception(() => CampaignLock.Take("p", "bf", "run2").Dispose()));
        Directory.Delete(note);

        using CampaignLock again = CampaignLock.Take("p", "bf", "run3");
    }

    [Fact]
    public void A_run_with_another_temporary_folder_takes_a_lock_of_its_own_as_on_another_machine()
    {
        using CampaignLock held = CampaignLock.Take("p", "bf", "run1");
        string other = Directory.CreateDirectory(Path.Combine(_folder, "other")).FullName;
        Environment.SetEnvironmentVariable(Variable, other + Path.DirectorySeparatorChar);

        using CampaignLock elsewhere = CampaignLock.Take("p", "bf", "run2");

        Assert.Single(Directory.GetFiles(_folder, "SinchBatch-*.lock"));
        Assert.Single(Directory.GetFiles(other, "SinchBatch-*.lock"));
    }
}
