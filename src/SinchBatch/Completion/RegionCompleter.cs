using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SinchBatch.Recipients;

namespace SinchBatch.Completion;

/// <summary>Completes -DefaultRegion with the regions libphonenumber knows, each with its country's name.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // By code (se) or by the country's name (swe).
        string typed = wordToComplete.Trim('\'', '"');
        return PhoneIdentities.Regions
            .Select(r => (Code: r, Country: CountryName(r)))
            .Where(r => r.Code.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || (typed.Length > 2 && r.Country.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .Select(r => new CompletionResult(r.Code, r.Code, CompletionResultType.ParameterValue, r.Country));
    }

    private static string CountryName(string region)
    {
        try
        {
            return new RegionInfo(region).EnglishName;
        }
        catch (ArgumentException)
        {
            return region;
        }
    }
}
