using System.Management.Automation;
using Xunit;

namespace SinchBatch.Tests;

public class SinchErrorCategoryTests
{
    public static TheoryData<string> Members() => new(Enum.GetNames<SinchErrorCategory>());

    /// <summary>SinchCmdlet.ErrorFor maps a category to PowerShell's by name: a member PowerShell lacks would fail a user's command instead of this test.</summary>
    [Theory]
    [MemberData(nameof(Members))]
    public void Every_category_is_one_of_PowerShells_by_name(string member) =>
        Assert.True(Enum.TryParse(member, out ErrorCategory _), $"ErrorCategory has no member {member}.");
}
