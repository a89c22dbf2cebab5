using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace SinchBatch;

/// <summary>
/// Windows PowerShell has no System.Text.Json of its own, so the module ships it and its
/// dependencies in a dependencies folder and resolves them from there, on Desktop only. On
/// PowerShell 7 the runtime's own copy serves, and this handler is never added.
/// </summary>
public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string Dependencies = Path.Combine(Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location)!, "dependencies");

    public void OnImport()
    {
        if (Edition.IsDesktop)
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }
    }

    public void OnRemove(PSModuleInfo module)
    {
        if (Edition.IsDesktop)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        string path = Path.Combine(Dependencies, new AssemblyName(args.Name).Name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
}
