namespace SinchBatch.Recipients;

/// <summary>
/// An identity as error and warning texts show it (+49151•••••789): enough to tell rows apart, too little to message
/// anyone. Automation keeps the error stream in job history; the full row stays in the error's TargetObject.
/// </summary>
internal static class IdentityMask
{
    public static string Of(string identity)
    {
        // A phone number is masked by its digits (+, then digits; separators dropped), anything else by its characters.
        string text = identity.Trim();
        if (IsPhoneLike(text))
        {
            text = PhoneIdentities.Digits(text);
        }

        // At least four characters hidden; at most five shown in front (a country and an operator's code) and three behind.
        int behind = text.Length >= 7 ? 3 : System.Math.Max(0, text.Length - 4);
        int front = System.Math.Max(0, System.Math.Min(5 + (text.StartsWith("+", System.StringComparison.Ordinal) ? 1 : 0), text.Length - behind - 4));
        return text.Substring(0, front) + new string('•', text.Length - front - behind) + text.Substring(text.Length - behind);
    }

    private static bool IsPhoneLike(string text)
    {
        foreach (char c in text)
        {
            if (!(char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.' or '/'))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
