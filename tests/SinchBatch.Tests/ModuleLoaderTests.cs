using System.Reflection;
using Xunit;

namespace SinchBatch.Tests;

public class ModuleLoaderTests
{
    [Theory]
    [InlineData("6.0.36")]
    [InlineData("7.0.20")]
    public void PowerShell_7_before_7_4_is_refused_at_import_naming_the_version_needed(string runtime)
    {
        string? problem = ModuleLoader.RuntimeProblem(desktop: false, new Version(runtime));
        Assert.NotNull(problem);
        Assert.StartsWith("SinchBatch needs PowerShell 7.4 or later (or Windows PowerShell 5.1).", problem);
        Assert.Contains($".NET {runtime}", problem);
    }

    [Theory]
    [InlineData(false, "8.0.0")]
    [InlineData(false, "10.0.1")]
    [InlineData(true, "4.0.30319")]
    public void PowerShell_7_4_and_later_and_Windows_PowerShell_import(bool desktop, string runtime) =>
        Assert.Null(ModuleLoader.RuntimeProblem(desktop, new Version(runtime)));
}

public class ModuleLoaderServesTests
{
    private static readonly Dictionary<string, Shipped> Folder = new[]
    {
        new Shipped(new AssemblyName("System.Memory, Version=4.0.5.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), "/m/dependencies/System.Memory.dll"),
        new Shipped(new AssemblyName("System.Text.Json, Version=8.0.0.5, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), "/m/dependencies/System.Text.Json.dll"),
    }.ToDictionary(s => s.Name.Name!);

    [Theory]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json", "/m/dependencies/System.Memory.dll")]
    [InlineData("System.Memory, Version=4.0.5.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "SinchBatch", "/m/dependencies/System.Memory.dll")]
    [InlineData("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", null, "/m/dependencies/System.Text.Json.dll")]
    [InlineData("System.Text.Json", "SinchBatch", "/m/dependencies/System.Text.Json.dll")]
    public void Serves_what_it_ships_to_the_module_at_that_version_or_older(string wanted, string? requesting, string path) =>
        Assert.Equal(path, ModuleLoader.Serves(new AssemblyName(wanted), requesting, Folder));

    [Theory]
    [InlineData("System.Memory, Version=4.0.6.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "SinchBatch")]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=0000000000000000", "SinchBatch")]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "AnotherModule")]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed", "SinchBatch")]
    public void Answers_nobody_else_nothing_else_and_no_newer_version(string wanted, string requesting) =>
        Assert.Null(ModuleLoader.Serves(new AssemblyName(wanted), requesting, Folder));
}
