using System.Globalization;
using System.Text;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>One real-client case as the report shows it.</summary>
public sealed record ClientReportRow(string Client, string Version, UpstreamFamily Family, ClientCase Case, bool Passed, double Seconds);

/// <summary>
/// The per-run report of the real-client tier (client, version, upstream family, case, pass/fail,
/// seconds), written to real-clients-report.txt beside the test binaries after every case, so a version bump that breaks a client is obvious even when the run is cut short.
/// </summary>
public sealed class ClientReport
{
    private readonly List<ClientReportRow> _rows = [];

    public static string PathOnDisk => Path.Combine(AppContext.BaseDirectory, "real-clients-report.txt");

    public void Add(ClientReportRow row)
    {
        lock (_rows)
        {
            _rows.Add(row);
            File.WriteAllText(PathOnDisk, Render(_rows));
        }
    }

    public static string Render(IReadOnlyList<ClientReportRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"client",-22} {"version",-36} {"upstream",-10} {"case",-7} {"result",-6} {"seconds",7}");
        foreach (var row in rows.OrderBy(r => r.Client, StringComparer.Ordinal).ThenBy(r => r.Family).ThenBy(r => r.Case))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Client,-22} {row.Version,-36} {row.Family,-10} {row.Case,-7} {(row.Passed ? "pass" : "FAIL"),-6} {row.Seconds,7:0.0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{rows.Count(r => r.Passed)} passed, {rows.Count(r => !r.Passed)} failed, {rows.Sum(r => r.Seconds):0} s in cases");
        return text.ToString();
    }
}
