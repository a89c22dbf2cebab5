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
