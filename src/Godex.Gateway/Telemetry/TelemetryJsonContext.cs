using System.Text.Json.Serialization;

namespace Godex.Gateway.Telemetry;

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(TraceRecord))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;
