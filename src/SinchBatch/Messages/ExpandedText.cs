using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;

namespace SinchBatch.Messages;

/// <summary>
/// A -Text or -Message written in double quotes, as the command's own syntax tree shows it: PowerShell expanded its
/// variables before the command saw the text, so "Hallo ${Vorname}" arrives as "Hallo ". Windows PowerShell's
/// InvocationInfo holds only the command's file, line and column (its Line is only the first line of a command
/// continued with a backtick), so a script's file is parsed, once; outside a script, the line itself. A text that
/// came from a variable, or a command whose -Text is not on the line seen, gives nothing to check.
/// </summary>
internal sealed class ExpandedText
{
    public const string ExpandedPlaceholderId = "SinchBatch.ExpandedPlaceholder";

    private static readonly object CacheLock = new();
    private static ParsedScript? _lastScript;

    private readonly string _parameter;
    private readonly List<(string Variable, ExpandableStringExpressionAst Text)> _expanded;

    private ExpandedText(string parameter, List<(string Variable, ExpandableStringExpressionAst Text)> expanded)
    {
        _parameter = parameter;
        _expanded = expanded;
    }

    /// <summary>The variables the double-quoted argument of <paramref name="parameter"/> expanded, or null when the syntax tree shows none.</summary>
    public static ExpandedText? Find(InvocationInfo invocation, string parameter)
    {
        if (invocation is null)
        {
            throw new ArgumentNullException(nameof(invocation));
        }

        ExpressionAst? argument = ArgumentOf(CommandAt(invocation), parameter);
        if (argument is null)
        {
            return null;
        }

        var expanded = new List<(string, ExpandableStringExpressionAst)>();
        foreach (ExpandableStringExpressionAst text in argument.FindAll(a => a is ExpandableStringExpressionAst, searchNestedScriptBlocks: false).Cast<ExpandableStringExpressionAst>())
        {
            foreach (VariableExpressionAst variable in text.FindAll(a => a is VariableExpressionAst, searchNestedScriptBlocks: true).Cast<VariableExpressionAst>())
            {
                expanded.Add((NameOf(variable), text));
            }
        }

        return expanded.Count == 0 ? null : new ExpandedText("-" + parameter, expanded);
    }

    /// <summary>Refuses the text when a variable it expanded is named like an input column: that was meant as a ${placeholder}.</summary>
    public void Check(IReadOnlyList<string> columns)
    {
        var meant = _expanded.Where(e => columns.Contains(e.Variable, StringComparer.OrdinalIgnoreCase)).ToList();
        if (meant.Count == 0)
        {
            return;
        }

        string[] names = meant.Select(e => e.Variable).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        ExpandableStringExpressionAst first = meant[0].Text;
        string placeholders = string.Join(", ", names.Select(n => "${" + n + "}"));
        throw new SinchBatchException(
            ExpandedPlaceholderId,
            SinchErrorCategory.InvalidArgument,
            $"{_parameter} {(_parameter == "-Text" ? "is" : "holds a string")} in double quotes, so PowerShell replaced {placeholders} with its own variable{(names.Length == 1 ? "" : "s")} "
                + $"({string.Join(", ", names.Select(n => "$" + n))}) before Send-SinchBatch saw it, and no recipient would get the column's value. Nothing was sent. "
                + $"Write it in single quotes, so that Sinch fills in each row's value: {SingleQuoted(first.Value, names)}. "
                + "To send a PowerShell variable's value on purpose, build the text in a variable first and pass that.");
    }

    /// <summary>The text as a single-quoted string, each expanded column variable written as a ${placeholder}.</summary>
    internal static string SingleQuoted(string text, IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            string escaped = Regex.Escape(name);
            text = Regex.Replace(text, @"\$(?:\{" + escaped + @"\}|" + escaped + @"(?![\w:?]))", _ => "${" + name + "}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        // Inside single quotes, PowerShell reads each of these quote marks doubled as one.
        return "'" + Regex.Replace(text, "['\u2018\u2019\u201A\u201B]", "$0$0") + "'";
    }

    /// <summary>The variable's name without a scope or drive: $script:Vorname is Vorname.</summary>
    private static string NameOf(VariableExpressionAst variable)
    {
        string path = variable.VariablePath.UserPath;
        int colon = path.IndexOf(':');
        return colon < 0 ? path : path.Substring(colon + 1);
    }

    /// <summary>This command in its script's syntax tree, or in its line's when it ran outside a script; null when neither shows it.</summary>
    private static CommandAst? CommandAt(InvocationInfo invocation)
    {
        Ast? root;
        int line = invocation.ScriptLineNumber;
        if (!string.IsNullOrEmpty(invocation.ScriptName) && File.Exists(invocation.ScriptName))
        {
            root = Parse(invocation.ScriptName);
        }
        else if (!string.IsNullOrEmpty(invocation.Line))
        {
            root = Parser.ParseInput(invocation.Line, out _, out _);
            line = 1;
        }
        else
        {
            return null;
        }

        int column = invocation.OffsetInLine;
        return root?.Find(a => a is CommandAst command && command.Extent.StartLineNumber == line && command.Extent.StartColumnNumber == column, searchNestedScriptBlocks: true) as CommandAst;
    }

    /// <summary>The argument given to the parameter by name (-Text "..." or -Text:"..."); null when it is not there.</summary>
    private static ExpressionAst? ArgumentOf(CommandAst? command, string parameter)
    {
        if (command is null)
        {
            return null;
        }

        var elements = command.CommandElements;
        for (int i = 1; i < elements.Count; i++)
        {
            // PowerShell binds an unambiguous prefix (-Te for -Text) too.
            if (elements[i] is CommandParameterAst named && named.ParameterName.Length > 0 && parameter.StartsWith(named.ParameterName, StringComparison.OrdinalIgnoreCase))
            {
                return named.Argument ?? (i + 1 < elements.Count ? elements[i + 1] as ExpressionAst : null);
            }
        }

        return null;
    }

    /// <summary>The script's syntax tree, parsed once while the file stays as it is: a runbook that sends in a loop parses it once.</summary>
    private static ScriptBlockAst? Parse(string path)
    {
        try
        {
            var file = new FileInfo(path);
            lock (CacheLock)
            {
                if (_lastScript is not { } last || last.Path != file.FullName || last.Written != file.LastWriteTimeUtc || last.Length != file.Length)
                {
                    last = new ParsedScript(file.FullName, file.LastWriteTimeUtc, file.Length, Parser.ParseFile(file.FullName, out _, out _));
                    _lastScript = last;
                }

                return last.Ast;
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class ParsedScript
    {
        public ParsedScript(string path, DateTime written, long length, ScriptBlockAst ast)
        {
            Path = path;
            Written = written;
            Length = length;
            Ast = ast;
        }

        public string Path { get; }

        public DateTime Written { get; }

        public long Length { get; }

        public ScriptBlockAst Ast { get; }
    }
}
