using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Telegram;

/// <summary>Reads a Bot API call the way Telegram accepts it: query, JSON, urlencoded or multipart.</summary>
internal static class RequestParser
{
    public static async Task<(JsonObject Parameters, IReadOnlyDictionary<string, UploadedFile> Files)> ReadAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        var files = new Dictionary<string, UploadedFile>();
        foreach (var (key, value) in request.Query) parameters[key] = value.ToString();

        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var body = await JsonNode.ParseAsync(request.Body);
            if (body is JsonObject obj)
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    parameters[key] = value;
                }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) parameters[key] = value.ToString();
            foreach (var file in form.Files)
            {
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms);
                files[file.Name] = new UploadedFile(file.FileName, file.ContentType, ms.ToArray());
            }
        }
        return (parameters, files);
    }
}
