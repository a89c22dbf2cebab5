using System.Text.Json;

namespace SinchBatch.Client;

/// <summary>
/// Sinch's error body, in either of the shapes its references show: wrapped, as
/// {"error":{"code":403,"message":"...","status":"PERMISSION_DENIED","details":[...]}}, or with
/// code, message, status and details at the top level.
/// </summary>
internal static class ApiError
{
    private const int MostDetail = 300;

    /// <summary>"STATUS message", with the details where there is no message; null when the body is not such an error.</summary>
    public static string? Describe(string body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            JsonElement error = root.TryGetProperty("error", out JsonElement wrapped) && wrapped.ValueKind == JsonValueKind.Object ? wrapped : root;
            string status = Text(error, "status");
            string message = Text(error, "message");
            if (message.Length == 0 && error.TryGetProperty("details", out JsonElement details) && details.ValueKind == JsonValueKind.Array && details.GetArrayLength() > 0)
            {
                message = details.GetRawText();
                message = message.Length > MostDetail ? message.Substring(0, MostDetail) + "..." : message;
            }

            string described = (status + " " + message).Trim();
            return described.Length > 0 ? described : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : "";
}
