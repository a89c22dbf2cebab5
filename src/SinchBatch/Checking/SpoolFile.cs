using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SinchBatch.Checking;

/// <summary>
/// A temporary file only the current user can read, gone however the process ends. On Unix, mkostemp creates it 0600
/// and it is unlinked at once, so even kill -9 leaves nothing behind (DeleteOnClose would, and a file .NET creates is
/// 0644). On Windows the user's own temporary folder is private, and DeleteOnClose has the system remove the file
/// when the last handle closes, also when the process is killed.
/// </summary>
internal static class SpoolFile
{
    private const int BufferSize = 1 << 16;

    public static FileStream Create()
    {
        string folder = Path.GetTempPath();
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            string path = Path.Combine(folder, "SinchBatch-" + Guid.NewGuid().ToString("N") + ".spool");
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Unavailable(folder, ex.Message);
            }
        }

        // mkostemp fills in the X's, and takes the path as a writable, NUL-terminated buffer. O_CLOEXEC (its value differs
        // between Linux and macOS), as .NET opens every file: else a process the command starts would inherit the spool.
        byte[] template = Encoding.UTF8.GetBytes(Path.Combine(folder, "SinchBatch-XXXXXX") + "\0");
        int fd = MakeTemporary(template, RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? 0x1000000 : 0x80000);
        if (fd < 0)
        {
            throw Unavailable(folder, new Win32Exception(Marshal.GetLastWin32Error()).Message);
        }

        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            if (Unlink(template) != 0)
            {
                throw new IOException($"Could not unlink the spool file in {folder}: {new Win32Exception(Marshal.GetLastWin32Error()).Message}");
            }

            return new FileStream(handle, FileAccess.ReadWrite, BufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The spool cannot be made, so nothing can be checked or sent: a temporary folder that is missing, full or not the user's.</summary>
    private static SinchBatchException Unavailable(string folder, string why) => new(
        "SinchBatch.SpoolUnavailable",
        SinchErrorCategory.ResourceUnavailable,
        $"Could not create the spool file in {folder}, so nothing was sent: {why}. Set TMPDIR (TEMP on Windows) to a folder of your own that has room.");

    [DllImport("libc", EntryPoint = "mkostemp", SetLastError = true)]
    private static extern int MakeTemporary(byte[] template, int flags);

    [DllImport("libc", EntryPoint = "unlink", SetLastError = true)]
    private static extern int Unlink(byte[] path);
}
