using System.Resources;

// The neutral resources are Russian: the market's language and the default for unknown clients.
[assembly: NeutralResourcesLanguage("ru")]
