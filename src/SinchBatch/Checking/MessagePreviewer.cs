using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text;
using System.Text.Json;
using SinchBatch.Json;
using SinchBatch.Recipients;
using SinchBatch.Messages;

namespace SinchBatch.Checking;

/// <summary>
/// Fills the message in for one recipient as Sinch would, and counts what an SMS campaign costs:
/// the rendered previews of -Preview and -WhatIf, and the SMS parts of the whole input.
/// </summary>
internal sealed class MessagePreviewer
{
    private readonly AppMessage _message;
    private readonly string? _text;
    private readonly List<string> _strings;
    private readonly bool _sms;

    // The first character of the text outside its ${placeholders} that makes every message UCS-2; null when there is none.
    private readonly string? _textUcs2;
    private long _firstUnusualRow;
    private string? _firstUnusual;
    private long _unusualRows;
    private long _firstUcs2Row;
    private string? _firstUcs2;
    private long _ucs2Messages;

    /// <param name="sms">Whether recipients are reached on SMS, so the text's encoding and parts matter.</param>
    public MessagePreviewer(AppMessage message, bool sms)
    {
        _message = message;
        _sms = sms;
        _text = message.Json.TryGetProperty("text_message", out JsonElement text) && text.TryGetProperty("text", out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        _strings = PlaceholderScanner.Strings(message.Json);
        if (_text is not null)
        {
            string written = PlaceholderScanner.WithoutPlaceholders(_text);
            int at = Messages.SmsParts.FirstUcs2(written);
            _textUcs2 = at < 0 ? null : $"{CharacterNames.Describe(written, at)} in the message";
        }
    }

    /// <summary>Whether SMS parts are counted: a text message to SMS recipients.</summary>
    public bool CountsSmsParts => _sms && _text is not null;

    public long SmsParts { get; private set; }

    public long SmsRecipients { get; private set; }

    public SinchBatchPreview Preview(Recipient recipient, long row)
    {
        string text = TextFor(recipient);
        SmsCount? sms = CountsSmsParts ? Messages.SmsParts.Count(text) : null;
        return new SinchBatchPreview
        {
            RowNumber = row,
            Recipient = recipient.Id,
            Text = text,
            Message = Filled(recipient.Parameters),
            SmsEncoding = sms is { } count ? (count.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2") : null,
            SmsParts = sms?.Parts,
            SmsEncodingReason = sms is { Encoding: SmsEncoding.Ucs2 } ? Ucs2Reason(recipient) : null,
            Warning = Unusual(text),
        };
    }

    /// <summary>Adds one recipient to the campaign's totals, and remembers the first text that looks wrong.</summary>
    public void Count(Recipient recipient, long row)
    {
        string text = TextFor(recipient);
        if (CountsSmsParts)
        {
            SmsCount sms = Messages.SmsParts.Count(text);
            SmsParts += sms.Parts;
            SmsRecipients++;
            if (sms.Encoding == SmsEncoding.Ucs2 && _ucs2Messages++ == 0)
            {
                (_firstUcs2Row, _firstUcs2) = (row, Ucs2Reason(recipient));
            }
        }

        if (Unusual(text) is { } unusual)
        {
            _unusualRows++;
            if (_firstUnusual is null)
            {
                (_firstUnusualRow, _firstUnusual) = (row, unusual);
            }
        }
    }

    /// <summary>One warning for the texts counted that look wrong, naming the first.</summary>
    public string? UnusualWarning =>
        _firstUnusual is null
            ? null
            : $"{Counted.Of(_unusualRows, "message", "messages")} would go out with unusual characters; the first, row {_firstUnusualRow}, {_firstUnusual}";

    /// <summary>How many SMS messages counted go as UCS-2, and why the first does; null when none does.</summary>
    public string? Ucs2Warning =>
        _firstUcs2 is null
            ? null
            : $"{Counted.Of(_ucs2Messages, "SMS message", "SMS messages")} of {SmsRecipients:N0} would go as UCS-2, 70 characters a part instead of 160 (67 instead of 153 in a long one): "
                + $"the first, row {_firstUcs2Row}, for {_firstUcs2}.";

    /// <summary>The first character that makes this recipient's SMS UCS-2: in the text as written, else in the first placeholder's value that has one.</summary>
    private string? Ucs2Reason(Recipient recipient)
    {
        if (_textUcs2 is not null)
        {
            return _textUcs2;
        }

        foreach (string placeholder in _message.Placeholders)
        {
            foreach (var value in recipient.Parameters)
            {
                if (value.Key == placeholder && Messages.SmsParts.FirstUcs2(value.Value) is int at and >= 0)
                {
                    return $"{CharacterNames.Describe(value.Value, at)} in column '{placeholder}'";
                }
            }
        }

        return null;
    }

    /// <summary>The text filled in; for other message kinds, each string field filled in, one per line.</summary>
    private string TextFor(Recipient recipient) =>
        _text is null ? string.Join("\n", _strings.Select(s => PlaceholderScanner.Fill(s, recipient.Parameters))) : PlaceholderScanner.Fill(_text, recipient.Parameters);

    /// <summary>A U+FFFD (a character lost to the wrong encoding, often an ANSI CSV read as UTF-8) or a control character.</summary>
    private static string? Unusual(string text)
    {
        foreach (char c in text)
        {
            if (c == '\uFFFD')
            {
                return "holds U+FFFD, a character lost to the wrong encoding: save the CSV as UTF-8, or read it with Import-Csv -Encoding.";
            }

            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return $"holds the control character U+{(int)c:X4}.";
            }
        }

        return null;
    }

    private string Filled(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonValueWriter.Options))
        {
            Write(writer, _message.Json, values);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement json, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(PlaceholderScanner.Fill(json.GetString()!, values));
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in json.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, values);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in json.EnumerateArray())
                {
                    Write(writer, item, values);
                }

                writer.WriteEndArray();
                break;
            default:
                json.WriteTo(writer);
                break;
        }
    }
}
