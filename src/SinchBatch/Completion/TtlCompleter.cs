using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SinchBatch.Completion;

/// <summary>Offers the forms -Ttl takes, instead of file names.</summary>
public sealed class TtlCompleter : IArgumentCompleter
{
    private static readonly (string Value, string Meaning)[] Common =
    {
        ("1h", "one hour"), ("24h", "one day"), ("7d", "one week"), ("86400s", "one day, in seconds"),
    };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Common
            .Where(ttl => ttl.Value.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(ttl => new CompletionResult("'" + ttl.Value + "'", ttl.Value, CompletionResultType.ParameterValue, ttl.Meaning));
}
