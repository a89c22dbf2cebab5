using System.Runtime.Versioning;
using SinchBatch.Checking;
using Xunit;

namespace SinchBatch.Tests;

public class SpoolFileTests
{
    /// <summary>The spool file's name, as the system still knows it: "/tmp/SinchBatch-Ab12Cd (deleted)" once unlinked.</summary>
    private static string LinkOf(FileStream file) =>
        new FileInfo("/proc/self/fd/" + file.SafeFileHandle.DangerousGetHandle().ToInt32()).LinkTarget!;

    [LinuxFact]
    public void The_spool_file_is_unlinked_at_once_so_the_temporary_folder_does_not_list_it()
    {
        using FileStream file = SpoolFile.Create();

        string link = LinkOf(file);
        string path = link.Substring(0, link.Length - " (deleted)".Length);

        Assert.EndsWith(" (deleted)", link);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "SinchBatch-"), path);
        Assert.False(File.Exists(path));
        Assert.DoesNotContain(path, Directory.GetFileSystemEntries(Path.GetTempPath()));
    }

    [LinuxFact]
    public void The_spool_file_is_closed_for_the_processes_the_command_starts()
    {
        using FileStream file = SpoolFile.Create();

        string flags = File.ReadAllLines("/proc/self/fdinfo/" + file.SafeFileHandle.DangerousGetHandle().ToInt32()).Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux

        Assert.NotEqual(0, Convert.ToInt32(flags.Substring("flags:".Length).Trim(), 8) & CloseOnExec);
    }

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public void Only_the_user_may_read_and_write_the_spool_file()
    {
        using FileStream file = SpoolFile.Create();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.SafeFileHandle));
    }

    [Fact]
    public void The_spool_file_reads_back_what_was_written()
    {
        byte[] written = new byte[200_000];
        new Random(18).NextBytes(written);
        using FileStream file = SpoolFile.Create();

        file.Write(written);
        file.Position = 0;
        byte[] read = new byte[written.Length + 1];
        int length = 0;
        for (int got; (got = file.Read(read, length, read.Length - length)) > 0;)
        {
            length += got;
        }

        Assert.Equal(written, read.Take(length));
    }

    /// <summary>On Unix the spool file is made 0600 and unlinked at once; Windows deletes it on close, in the user's own temporary folder.</summary>
    private sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows())
            {
                Skip = "Unix only: on Windows the spool file is DeleteOnClose in the user's own temporary folder, which has no Unix mode.";
            }
        }
    }

    /// <summary>What the system knows of an open file is read from /proc/self, which only Linux has.</summary>
    private sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Linux only: reads the open spool file's name and flags from /proc/self, which other systems lack (on Windows it is DeleteOnClose instead).";
            }
        }
    }
}
