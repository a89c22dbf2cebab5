using System;
using System.Collections.Generic;

namespace SinchBatch.Recipients;

/// <summary>
/// -ExcludeRecipient: identities that are never messaged (opt-outs, a block list), read as the rows' identities are
/// (a phone number into E.164, a contact ID trimmed), so the list may be written in another format than the input.
/// Holds the list only: memory grows with the list, never with the input.
/// </summary>
internal sealed class ExcludedRecipients
{
    public const string InvalidId = "SinchBatch.InvalidExcludeRecipient";

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <param name="entries">The list as given; empty entries (a file's blank lines) are passed over.</param>
    /// <param name="readPhone">
    /// Every number an entry may be, read as a row's phone identity is (PhoneIdentities.Readings), throwing a SinchBatchException;
    /// null where identities are not phone numbers.
    /// </param>
    public ExcludedRecipients(IEnumerable<string?> entries, Func<string, IEnumerable<string>>? readPhone)
    {
        int position = 0;
        foreach (string? entry in entries)
        {
            position++;
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            string id = entry!.Trim();
            try
            {
                _ids.UnionWith(readPhone is null ? new[] { id } : readPhone(id));
            }
            catch (SinchBatchException ex)
            {
                // An opt-out that cannot be read could be a customer messaged against their wish: nothing is sent until the list is right.
                throw SinchBatchException.InvalidArgument(
                    InvalidId,
                    $"-ExcludeRecipient's entry {position} cannot be read as a phone number ({ex.ErrorId}), so nothing was sent: an opted-out customer must not be messaged because their entry was misread. "
                        + "Write it with its country code (+4915123456789), give -DefaultRegion for national numbers, or remove it (a header line or a note in the file is such an entry).");
            }
        }
    }

    public int Count => _ids.Count;

    /// <summary>Whether the recipient's identity (as RecipientMapper made it) is on the list.</summary>
    public bool Contains(string id) => _ids.Contains(id.Trim());
}
