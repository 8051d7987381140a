using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>
/// A CLI's token file: read whole as a JSON document, and written back atomically — a 0600 temp file
/// beside it, flushed to disk, then renamed over it — so whoever reads it (the CLI that owns it, or
/// Godex) sees the old file or the new one, never half of one, and the tokens never sit in a file
/// others can read.
/// </summary>
public sealed class TokenFile(string path, string location)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The file as a user would name it (`~/.claude/.credentials.json`), for messages.</summary>
    public string Location => location;

    public string Path => path;

    /// <summary>The file's write time and size now, or null when it is missing: a change means someone else wrote it.</summary>
    public FileStamp? Stamp()
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : null;
    }

    /// <summary>The document and its stamp; a <see cref="TokenFileException"/> says in words why it cannot be used.</summary>
    public (JsonObject Document, FileStamp Stamp) Read()
    {
        byte[] bytes;
        FileStamp? stamp;
        try
        {
            stamp = Stamp();
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TokenFileException($"{location} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new TokenFileException($"{location} cannot be read (permission denied)");
        }
        catch (IOException exception)
        {
            throw new TokenFileException($"{location} cannot be read: {exception.Message}");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            throw new TokenFileException($"{location} is not valid JSON");
        }

        return node is JsonObject document && stamp is { } read
            ? (document, read)
            : throw new TokenFileException($"{location} is not a JSON object");
    }

    /// <summary>Replaces the file with the document, atomically and readable by its owner only; returns the new stamp.</summary>
    public FileStamp Write(JsonObject document)
    {
        var full = System.IO.Path.GetFullPath(path);
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                using (var json = new Utf8JsonWriter(stream, WriterOptions))
                {
                    document.WriteTo(json);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return Stamp() ?? throw new IOException($"{location} vanished right after it was written.");
    }
}

/// <summary>A file's last write time and length, compared to notice writes by others.</summary>
public readonly record struct FileStamp(DateTime LastWriteUtc, long Length);

/// <summary>A token file that cannot be used; the message says why in words a user can act on.</summary>
public sealed class TokenFileException(string reason) : Exception(reason);
