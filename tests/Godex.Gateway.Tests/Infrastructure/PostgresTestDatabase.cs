using System.Diagnostics;

using Npgsql;

namespace Godex.Testing;

/// <summary>
/// A fresh database on the test PostgreSQL server, dropped afterwards. The server comes from
/// GODEX_TEST_POSTGRES (set by scripts/test), else scripts/postgres starts or reuses one.
/// Linked into every test project that needs PostgreSQL.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private static readonly Lazy<string> Admin = new(FindServer);
    private readonly string _name;

    private PostgresTestDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var name = "godex_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(Admin.Value))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresTestDatabase(name, new NpgsqlConnectionStringBuilder(Admin.Value) { Database = name }.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin.Value);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string FindServer()
    {
        if (Environment.GetEnvironmentVariable("GODEX_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "postgres");
            if (File.Exists(script))
            {
                using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, UseShellExecute = false })!;
                var output = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                return process.ExitCode == 0 ? output.Split('\n')[^1] : throw new InvalidOperationException($"scripts/postgres failed with exit code {process.ExitCode}");
            }
        }

        throw new InvalidOperationException("No PostgreSQL for the tests: set GODEX_TEST_POSTGRES or run from a checkout with scripts/postgres.");
    }
}
