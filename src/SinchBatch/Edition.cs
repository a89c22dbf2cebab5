using System;
using System.Runtime.InteropServices;

namespace SinchBatch;

/// <summary>Which PowerShell the module runs in, for the few places that differ.</summary>
internal static class Edition
{
    /// <summary>Windows PowerShell 5.1, on .NET Framework.</summary>
    public static readonly bool IsDesktop = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
}
