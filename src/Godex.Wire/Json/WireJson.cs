using System.Text.Encodings.Web;
using System.Text.Json;

namespace Godex.Wire.Json;

/// <summary>
/// Writer settings for every wire body: escape only what JSON requires (as providers do), so
/// quotes and non-ASCII text in arguments and answers stay readable and byte-light.
/// </summary>
public static class WireJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };
}
