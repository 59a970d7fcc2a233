namespace VpnBot.Host.Bots.Client.Shared;

/// <summary>A flag emoji from an ISO 3166-1 alpha-2 code: two regional-indicator symbols.</summary>
public static class CountryFlag
{
    private const string Unknown = "🌐";

    public static string Emoji(string? countryCode)
    {
        if (countryCode is not { Length: 2 } code || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1])) return Unknown;
        return char.ConvertFromUtf32(Indicator(code[0])) + char.ConvertFromUtf32(Indicator(code[1]));
    }

    // U+1F1E6 REGIONAL INDICATOR SYMBOL LETTER A, then B, C ...
    private static int Indicator(char letter) => 0x1F1E6 + (char.ToUpperInvariant(letter) - 'A');
}
