using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace SinchBatch;

/// <summary>
/// Loads what the module ships in its dependencies folder, so that another module's copy of the same
/// library cannot clash with ours, as PowerShell's guide to module dependency conflicts recommends.
/// On PowerShell 7, SinchBatch.PhoneNumbers (the only code that uses libphonenumber) and libphonenumber
/// load into the module's own AssemblyLoadContext; System.Text.Json and the rest are the runtime's own.
/// Windows PowerShell has one load context and no System.Text.Json: there, the folder serves the
/// assemblies it holds, when the module asks for them (see Serves).
/// </summary>
public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal static readonly string Dependencies = Path.Combine(Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location)!, "dependencies");

    public void OnImport()
    {
        if (RuntimeProblem(Edition.IsDesktop, Environment.Version) is { } problem)
        {
            throw new PlatformNotSupportedException(problem);
        }

        if (Edition.IsDesktop)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveDesktop;
        }
        else
        {
            AttachLoadContext();
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (Edition.IsDesktop)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveDesktop;
        }
        else
        {
            DetachLoadContext();
        }
    }

    // Apart, and never inlined: compiling OnImport must not load AssemblyLoadContext, which .NET Framework lacks.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AttachLoadContext() => ModuleLoadContext.Attach();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DetachLoadContext() => ModuleLoadContext.Detach();

    /// <summary>
    /// PowerShell 7 before 7.4 runs on .NET 7 or older, whose own System.Text.Json is older than the 8.0
    /// the module is built against; it would fail later, at the first request, with an obscure load error.
    /// </summary>
    internal static string? RuntimeProblem(bool desktop, Version runtime) =>
        desktop || runtime.Major >= 8
            ? null
            : $"SinchBatch needs PowerShell 7.4 or later (or Windows PowerShell 5.1). This PowerShell runs on .NET {runtime}, "
                + "whose System.Text.Json is older than the 8.0 the module needs. Install PowerShell 7.4 or later: https://aka.ms/powershell";

    private static Assembly? ResolveDesktop(object? sender, ResolveEventArgs args) =>
        Serves(new AssemblyName(args.Name), args.RequestingAssembly?.GetName().Name, Shipped.Value) is { } path ? Assembly.LoadFrom(path) : null;

    /// <summary>
    /// The shipped file that answers a request, or null: only for the module's own requests (or its
    /// dependencies', or the runtime's unnamed ones), only for an assembly it ships, by name and public key
    /// token (where the request names one), and at the shipped version or an older one, as a binding redirect would.
    /// </summary>
    internal static string? Serves(AssemblyName wanted, string? requesting, IReadOnlyDictionary<string, Shipped> shipped)
    {
        if (wanted.Name is null || !shipped.TryGetValue(wanted.Name, out Shipped? file)
            || (requesting is not null && requesting != typeof(ModuleLoader).Assembly.GetName().Name && !shipped.ContainsKey(requesting))
            || (wanted.Version is { } version && version > file.Name.Version)
            || (wanted.GetPublicKeyToken() is { } token && !token.SequenceEqual(file.Name.GetPublicKeyToken() ?? Array.Empty<byte>())))
        {
            return null;
        }

        return file.Path;
    }

    private static readonly Lazy<Dictionary<string, Shipped>> Shipped = new(() =>
        Directory.GetFiles(Dependencies, "*.dll")
            .Select(path => new Shipped(AssemblyName.GetAssemblyName(path), path))
            .ToDictionary(file => file.Name.Name!, StringComparer.OrdinalIgnoreCase));
}

/// <summary>An assembly in the dependencies folder: its full name, read from the file, and where it is.</summary>
internal sealed class Shipped
{
    public Shipped(AssemblyName name, string path)
    {
        Name = name;
        Path = path;
    }

    public AssemblyName Name { get; }

    public string Path { get; }
}

/// <summary>
/// PowerShell 7's isolation: when SinchBatch.dll first needs SinchBatch.PhoneNumbers, the default context
/// cannot find it (it is not beside SinchBatch.dll) and asks us; we load it here, and this context then
/// serves its libphonenumber from our folder, whichever copy the default context may hold. Every other
/// name falls through to the default context. Never touched on Windows PowerShell, which has no such type.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    private const string Engine = "SinchBatch.PhoneNumbers";
    private static readonly string[] Isolated = { Engine, "PhoneNumbers" };
    private static readonly ModuleLoadContext Instance = new();

    public static void Attach() => Default.Resolving += ResolveEngine;

    public static void Detach() => Default.Resolving -= ResolveEngine;

    protected override Assembly? Load(AssemblyName name) =>
        Array.IndexOf(Isolated, name.Name) >= 0 ? LoadFromAssemblyPath(Path.Combine(ModuleLoader.Dependencies, name.Name + ".dll")) : null;

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == Engine ? Instance.LoadFromAssemblyName(name) : null;
}
