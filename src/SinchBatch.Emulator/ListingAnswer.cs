using System.Globalization;

namespace SinchBatch.Emulator;

/// <summary>
/// What the list by metadata answers, in the shapes Sinch leaves open: a bare array by default; with ListPageSize,
/// pages of {"batches":[...],"next_page_token":"..."}; with ListSingleObject, a lone match as its status object itself.
/// </summary>
public static class ListingAnswer
{
    private const string TokenPrefix = "offset+";

    /// <summary>The answer for the matching statuses from the page token given, or null for a token this listing never gave.</summary>
    public static object? For(IReadOnlyList<object> statuses, string? pageToken, EmulatorOptions options)
    {
        int offset = 0;
        if (pageToken is not null && (options.ListPageSize <= 0 || !TryReadToken(pageToken, statuses.Count, out offset)))
        {
            return null;
        }

        // A lone match is answered alone even when paging: there is nothing to page.
        if (options.ListSingleObject && statuses.Count == 1 && pageToken is null)
        {
            return statuses[0];
        }

        if (options.ListPageSize <= 0)
        {
            return statuses;
        }

        int end = Math.Min(offset + options.ListPageSize, statuses.Count);
        return new
        {
            batches = statuses.Skip(offset).Take(end - offset).ToArray(),
            next_page_token = end < statuses.Count ? TokenPrefix + end.ToString(CultureInfo.InvariantCulture) : "",
        };
    }

    /// <summary>Reads a token this listing gave; its '+' turns into a space in a query unless escaped, so a client that sends it raw is refused.</summary>
    private static bool TryReadToken(string token, int count, out int offset)
    {
        offset = 0;
        return token.StartsWith(TokenPrefix, StringComparison.Ordinal)
            && int.TryParse(token.AsSpan(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset)
            && offset > 0
            && offset < count;
    }
}
