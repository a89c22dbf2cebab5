using System.Runtime.CompilerServices;

namespace SinchBatch;

/// <summary>
/// For the methods every row passes through: compile them fully optimised at once. Left to tiered
/// compilation they run unoptimised through a send's first second, while the runtime is still
/// busy starting PowerShell. The flag (AggressiveOptimization) is ignored by .NET Framework.
/// </summary>
internal static class HotPath
{
    public const MethodImplOptions Optimize = (MethodImplOptions)512;
}
