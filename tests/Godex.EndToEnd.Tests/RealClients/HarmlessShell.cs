using System.Diagnostics;

namespace Godex.EndToEnd.Tests.RealClients;

/// <summary>How the in-process .NET clients run the command the model asks for (the tests only ask for an echo).</summary>
public static class HarmlessShell
{
    public static string Run(string command)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
