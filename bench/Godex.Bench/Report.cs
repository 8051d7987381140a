using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Godex.Bench;

/// <summary>Collects results as JSON and renders the markdown summary: ratios first, absolute figures as context.</summary>
public sealed class Report
{
    private readonly JsonObject _root = [];

    public Report(BenchOptions options, string godexVersion)
    {
        _root["date"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        _root["mode"] = options.Only ?? (options.Smoke ? "smoke" : "full");
        _root["machine"] = new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["cpu"] = CpuModel(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
        };
        _root["godex"] = godexVersion;
        _root["duration_s"] = options.Duration.TotalSeconds;
    }

    public JsonObject Results { get; } = [];

    public JsonObject Ratios { get; } = [];

    public List<string> Notes { get; } = [];

    public async Task<(string Json, string Markdown)> WriteAsync(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        _root["results"] = Results;
        _root["ratios"] = Ratios;
        _root["notes"] = new JsonArray([.. Notes.Select(note => (JsonNode)note)]);
        var json = Path.Combine(directory, name + ".json");
        var markdown = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(json, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        await File.WriteAllTextAsync(markdown, Markdown());
        return (json, markdown);
    }

    private string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Godex overhead benchmark — {_root["date"]}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {_root["machine"]!["cores"]} cores, {_root["machine"]!["cpu"]}; .NET {_root["machine"]!["dotnet"]}; Godex {_root["godex"]}; mode {_root["mode"]}, {_root["duration_s"]} s per load run.");
        text.AppendLine("These machines are shared and noisy: read the ratios; absolute times are context.");
        text.AppendLine();
        text.AppendLine("## Ratios and targets");
        text.AppendLine();
        text.AppendLine("| measure | value | target |");
        text.AppendLine("|---|---|---|");
        foreach (var (name, value) in Ratios)
        {
            var entry = value!.AsObject();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {entry["value"]} | {entry["target"]} |");
        }

        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        text.AppendLine("```json");
        text.AppendLine(Results.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        text.AppendLine("```");
        if (Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Notes");
            text.AppendLine();
            foreach (var note in Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return text.ToString();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
