using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using SinchBatch.Connection;

namespace SinchBatch.Commands;

/// <summary>
/// What Connect-Sinch remembers, one per runspace: runbook jobs that share a process each have
/// their own, and a closed runspace takes its connection with it. Memory only, never disk.
/// </summary>
internal static class SessionConnection
{
    private static readonly ConditionalWeakTable<Runspace, ConnectionInput> Connections = new();

    public static ConnectionInput? Current =>
        Runspace.DefaultRunspace is { } runspace && Connections.TryGetValue(runspace, out ConnectionInput? input) ? input : null;

    public static void Set(ConnectionInput input)
    {
        Runspace runspace = Runspace.DefaultRunspace;
        Connections.Remove(runspace);
        Connections.Add(runspace, input);
    }

    /// <summary>Forgets the runspace's connection and returns what it was.</summary>
    public static ConnectionInput? Clear()
    {
        ConnectionInput? current = Current;
        if (current is not null)
        {
            Connections.Remove(Runspace.DefaultRunspace);
        }

        return current;
    }
}
