using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace SinchBatch.Campaigns;

/// <summary>
/// On one machine, one run of a campaign at a time: a run holds an unshared handle on a file named for its project and
/// campaign in the user's temporary folder while it sends. The system drops the handle when the process ends, even by
/// kill -9, so a dead run never holds the campaign (a pid file would outlive it). On Unix, .NET takes an flock for
/// FileShare.None. Beside it a note names the holder, for the error a second run gets.
/// </summary>
internal sealed class CampaignLock : IDisposable
{
    private readonly FileStream _handle;

    private CampaignLock(FileStream handle) => _handle = handle;

    /// <summary>Takes the campaign's lock, or throws SinchBatch.CampaignInUse naming the run that holds it.</summary>
    public static CampaignLock Take(string projectId, string campaignId, string runId)
    {
        string path = PathOf(projectId, campaignId);
        FileStream handle = TryOpen(path) ?? throw new SinchBatchException(
            Campaign.InUseId,
            SinchErrorCategory.ResourceBusy,
            $"Another run on this machine is sending campaign '{campaignId}' ({Holder(path)}), so this run sent nothing. "
            + "Run the command again once that run has ended: it sends only what no run got accepted.");
        try
        {
            File.WriteAllText(path + ".run", $"run {runId}, process {Process.GetCurrentProcess().Id}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z");
        }
        catch
        {
            // Else the handle, and with it the lock, would stay held until it is finalized.
            handle.Dispose();
            throw;
        }

        return new CampaignLock(handle);
    }

    /// <summary>Which run on this machine holds the campaign now, or null (for -WhatIf, which takes nothing).</summary>
    public static string? HeldBy(string projectId, string campaignId)
    {
        string path = PathOf(projectId, campaignId);
        using FileStream? handle = TryOpen(path);
        return handle is null ? Holder(path) : null;
    }

    public void Dispose() => _handle.Dispose();

    private static string PathOf(string projectId, string campaignId)
    {
        using SHA256 sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(projectId + "\n" + campaignId));
        return Path.Combine(Path.GetTempPath(), "SinchBatch-" + BitConverter.ToString(hash, 0, 8).Replace("-", "") + ".lock");
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            // Another user's file of that name, in a temporary folder users share.
            throw new SinchBatchException(
                "SinchBatch.CampaignLockUnavailable",
                SinchErrorCategory.PermissionDenied,
                $"Could not open the campaign's lock file {path}, so nothing was sent: {ex.Message} Set TMPDIR (TEMP on Windows) to a folder of your own.",
                ex);
        }
    }

    private static string Holder(string path)
    {
        try
        {
            return File.ReadAllText(path + ".run");
        }
        catch (IOException)
        {
            return "its note is unreadable";
        }
    }
}
