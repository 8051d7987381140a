using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Godex.Bench;

/// <summary>Median latency of each turn of stored Responses chains, in milliseconds, by turn number (1-based).</summary>
public sealed record ChainTimings(IReadOnlyList<double> MedianMsByTurn)
{
    public double First => MedianMsByTurn[0];

    public double Last => MedianMsByTurn[^1];
}

/// <summary>
/// Conversations kept by `previous_response_id`: each turn names the one before, so Godex loads the
/// chain and sends the whole history upstream. The upstream answers at once, so the growth from turn
/// 1 to turn N is the gateway's own cost of a long conversation.
/// </summary>
public static class SessionChain
{
    public static async Task<ChainTimings> RunAsync(HttpClient http, Uri responsesUrl, int turns, int chains)
    {
        var latencies = new List<double>[turns];
        for (var turn = 0; turn < turns; turn++)
        {
            latencies[turn] = new List<double>(chains);
        }

        for (var chain = 0; chain < chains; chain++)
        {
            string? previous = null;
            for (var turn = 0; turn < turns; turn++)
            {
                var previousField = previous is null ? "" : $"\"previous_response_id\":\"{previous}\",";
                var body = $$"""{"model":"{{Scenarios.Model}}",{{previousField}}"input":"Turn {{turn + 1}}: say something.","max_output_tokens":64}""";
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync(responsesUrl, content);
                var answer = await response.Content.ReadAsByteArrayAsync();
                latencies[turn].Add(clock.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"turn {turn + 1} of a stored chain failed with {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
                }

                using var json = JsonDocument.Parse(answer);
                previous = json.RootElement.GetProperty("id").GetString();
            }
        }

        return new ChainTimings([.. latencies.Select(turn => Percentiles.Of(turn, 50))]);
    }
}
