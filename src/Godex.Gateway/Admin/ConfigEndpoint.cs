using System.Collections;
using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Routing;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Godex.Gateway.Admin;

/// <summary>
/// `GET /admin/api/config`: the configuration in force (after the last applied reload), redacted as
/// `godex config print` redacts it (<see cref="ConfigPrinter"/>: no key, token or secret header ever
/// appears), as JSON and as that same YAML text, with where it came from and its generation.
/// </summary>
public static class ConfigEndpoint
{
    public static IEndpointRouteBuilder MapConfigAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/api/config", WriteAsync);
        return routes;
    }

    private static async Task WriteAsync(HttpContext http, LiveRouting live, ConfigReloader reloader)
    {
        var options = live.Current.Options;
        var document = ConfigPrinter.Document(options);
        document.Remove("# source");
        await using var json = AdminHttp.Json(http);
        json.WriteStartObject();
        json.WriteString("source", options.Config.Source);
        json.WriteString("path", reloader.Path);
        json.WriteNumber("generation", live.Generation);
        json.WriteStartArray("warnings");
        foreach (var warning in options.Config.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        json.WritePropertyName("config");
        Write(json, document);
        json.WriteString("yaml", ConfigPrinter.Print(options));
        json.WriteEndObject();
    }

    /// <summary>The printer's tree: dictionaries, lists and scalars (nulls left out, as the YAML leaves them out).</summary>
    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int or long or double or decimal or float:
                json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Value is not null)
                    {
                        json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                        Write(json, entry.Value);
                    }
                }

                json.WriteEndObject();
                break;
            case IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
