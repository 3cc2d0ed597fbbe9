using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Autograd.Serialization;

/// <summary>
/// The JSON header of a safetensors file: writing it for a set of tensors, and parsing and validating an untrusted one.
/// </summary>
internal static class SafeTensorsHeader
{
    private const string MetadataKey = "__metadata__";

    /// <summary>One tensor of a parsed header: its name, dtype ("F64" or "F32"), shape, element count and byte range.</summary>
    internal sealed record Entry(string Name, string DType, int[] Shape, int Count, long Begin, long End);

    /// <summary>A validated header: the tensors ordered by offset (contiguous from 0), the metadata, and the data length they cover.</summary>
    internal sealed record Parsed(List<Entry> Entries, Dictionary<string, string> Metadata, long DataLength);

    // Every dtype the format defines; all but F64 and F32 are recognised but not loaded.
    private static readonly string[] KnownDTypes =
        ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16",
         "I32", "U32", "F32", "F64", "C64", "I64", "U64"];

    /// <summary>
    /// The header bytes for <paramref name="tensors"/> written in ordinal name order as F64 (metadata first, as the Python
    /// library writes it), padded with spaces to a multiple of 8, and the tensors in the order their bytes follow.
    /// </summary>
    public static (byte[] Header, List<Tensor> Ordered) Build(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var ordered = new List<Tensor>(names.Length);

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                {
                    string value = metadata[key] ?? throw new ArgumentException($"Metadata value for key '{key}' is null.", nameof(metadata));
                    RequireWellFormed(key, $"Metadata key '{Escape(key)}'", nameof(metadata));
                    RequireWellFormed(value, $"Metadata value for key '{Escape(key)}'", nameof(metadata));
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                if (name == MetadataKey)
                    throw new ArgumentException($"'{MetadataKey}' is reserved for the metadata and cannot name a tensor.", nameof(tensors));
                RequireWellFormed(name, $"Tensor name '{Escape(name)}'", nameof(tensors));
                var tensor = tensors[name] ?? throw new ArgumentException($"Tensor '{name}' is null.", nameof(tensors));
                writer.WriteStartObject(name);
                writer.WriteString("dtype", "F64");
                writer.WriteStartArray("shape");
                foreach (int d in tensor.ShapeSpan) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += 8L * tensor.Count;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
                ordered.Add(tensor);
            }
            writer.WriteEndObject();
        }
        int padding = (int)((8 - json.Length % 8) % 8);
        for (int i = 0; i < padding; i++) json.WriteByte((byte)' ');
        return (json.ToArray(), ordered);
    }

    /// <summary>
    /// Parses and validates a header that <paramref name="dataLength"/> bytes of tensor data follow (null when that is not
    /// known, as on a stream that cannot seek: the tensors must then only tile the bytes from 0); throws
    /// <see cref="InvalidDataException"/> naming the first problem found.
    /// </summary>
    public static Parsed Parse(byte[] header, long? dataLength)
    {
        if (!Utf8.IsValid(header)) throw new InvalidDataException("The header is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"The header must be a JSON object, but it is a JSON {Kind(root)}.");

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                string name = NameOf(property, "A tensor name");
                if (!seen.Add(name))
                    throw new InvalidDataException($"The header names '{name}' more than once.");
                if (name == MetadataKey) ReadMetadata(property.Value, metadata);
                else entries.Add(ReadEntry(name, property.Value));
            }
            long covered = CheckCoverage(entries, dataLength);
            return new Parsed(entries, metadata, covered);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{MetadataKey}' must be an object of strings, but it is a JSON {Kind(value)}.");
        foreach (var item in value.EnumerateObject())
        {
            string key = NameOf(item, "A metadata key");
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"Metadata '{key}' must be a string, but it is a JSON {Kind(item.Value)}.");
            if (!metadata.TryAdd(key, TextOf(item.Value, $"The value of metadata '{key}'")))
                throw new InvalidDataException($"Metadata names '{key}' more than once.");
        }
    }

    private static Entry ReadEntry(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"Tensor '{name}' must be described by an object, but it is a JSON {Kind(value)}.");

        RequireSingleFields(name, value);
        var dtypeElement = Field(name, value, "dtype", JsonValueKind.String);
        string dtype = TextOf(dtypeElement, $"The dtype of tensor '{name}'");
        int elementSize = dtype switch { "F64" => 8, "F32" => 4, _ => 0 };
        if (elementSize == 0)
            throw new InvalidDataException(KnownDTypes.Contains(dtype)
                ? $"Tensor '{name}' has dtype {dtype}, which is not supported (only F64 and F32 are)."
                : $"Tensor '{name}' has unknown dtype '{Snippet(dtype)}'.");

        var shapeElement = Field(name, value, "shape", JsonValueKind.Array);
        int rank = shapeElement.GetArrayLength();
        if (rank > SafeTensors.MaxRank)
            throw new InvalidDataException($"Tensor '{name}' has rank {rank}, more than the {SafeTensors.MaxRank} dimensions a tensor may have.");
        var shape = new int[rank];
        long count = 1;
        int i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0)
                throw new InvalidDataException($"Tensor '{name}' has a shape entry {Snippet(dim.GetRawText())} that is not a non-negative integer.");
            if (d > int.MaxValue)
                throw new InvalidDataException($"Tensor '{name}' has a dimension {d} larger than {int.MaxValue}.");
            shape[i++] = (int)d;
            // Both factors are at most 2³¹, so the product fits in a long before it is compared with the limit.
            count = Math.Min(count * d, (long)Array.MaxLength + 1);
        }
        if (count > Array.MaxLength)
            throw new InvalidDataException($"Tensor '{name}' has shape {Shapes.Format(shape)}, more elements than an array can hold.");

        var offsets = Field(name, value, "data_offsets", JsonValueKind.Array);
        if (offsets.GetArrayLength() != 2)
            throw new InvalidDataException($"Tensor '{name}' must have exactly two data_offsets [begin, end], but it has {offsets.GetArrayLength()}.");
        long begin = Offset(name, offsets[0]), end = Offset(name, offsets[1]);
        if (end < begin)
            throw new InvalidDataException($"Tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin.");
        if (end - begin != count * elementSize)
            throw new InvalidDataException($"Tensor '{name}' covers {end - begin} bytes, but shape {Shapes.Format(shape)} of {dtype} needs {count * elementSize}.");
        return new Entry(name, dtype, shape, (int)count, begin, end);
    }

    /// <summary>The fields the format defines may each appear once in an entry (the reference parser refuses a repeat); unknown fields are ignored.</summary>
    private static void RequireSingleFields(string name, JsonElement value)
    {
        int dtypes = 0, shapes = 0, offsets = 0;
        foreach (var property in value.EnumerateObject())
        {
            // NameEquals compares the unescaped bytes, so an unknown name is never decoded (nor refused).
            string? repeated =
                property.NameEquals("dtype") && ++dtypes == 2 ? "dtype" :
                property.NameEquals("shape") && ++shapes == 2 ? "shape" :
                property.NameEquals("data_offsets") && ++offsets == 2 ? "data_offsets" : null;
            if (repeated is not null)
                throw new InvalidDataException($"Tensor '{name}' gives '{repeated}' more than once.");
        }
    }

    private static JsonElement Field(string name, JsonElement value, string field, JsonValueKind kind)
    {
        if (!value.TryGetProperty(field, out var element))
            throw new InvalidDataException($"Tensor '{name}' has no '{field}'.");
        if (element.ValueKind != kind)
            throw new InvalidDataException($"Tensor '{name}' has a '{field}' that is a JSON {Kind(element)}, not a JSON {kind.ToString().ToLowerInvariant()}.");
        return element;
    }

    private static long Offset(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long v) || v < 0)
            throw new InvalidDataException($"Tensor '{name}' has a data offset {Snippet(element.GetRawText())} that is not a non-negative integer.");
        return v;
    }

    /// <summary>
    /// Checks that the byte ranges, sorted, tile [0, dataLength) exactly: no gap, no overlap, nothing left over (with no
    /// known length, that they tile [0, end of the last)). Returns the number of bytes covered.
    /// </summary>
    private static long CheckCoverage(List<Entry> entries, long? dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        foreach (var e in entries)
        {
            if (e.End > dataLength)
                throw new InvalidDataException($"Tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] beyond the {dataLength} bytes of data.");
            if (e.Begin < position)
                throw new InvalidDataException($"Tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] that overlap the previous tensor, which ends at {position}.");
            if (e.Begin > position)
                throw new InvalidDataException($"No tensor covers bytes [{position}, {e.Begin}) of the data.");
            position = e.End;
        }
        if (dataLength is long length && position != length)
            throw new InvalidDataException($"The tensors cover {position} bytes, but {length} bytes of data follow the header.");
        return position;
    }

    /// <summary>A property name, or <see cref="InvalidDataException"/> when its escapes decode to a lone surrogate.</summary>
    private static string NameOf(JsonProperty property, string what)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw LoneSurrogate(what, property.ToString(), e);
        }
    }

    /// <summary>A string value, or <see cref="InvalidDataException"/> when its escapes decode to a lone surrogate.</summary>
    private static string TextOf(JsonElement element, string what)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw LoneSurrogate(what, element.GetRawText(), e);
        }
    }

    // System.Text.Json reads an escaped lone surrogate ("\ud800") without complaint and throws only when asked for the text.
    private static InvalidDataException LoneSurrogate(string what, string rawText, Exception inner) =>
        new($"{what} holds an escaped lone surrogate, which is not valid Unicode text: {Snippet(rawText)}", inner);

    /// <summary>Refuses text with a lone surrogate: UTF-8 cannot encode it, and the JSON writer would replace it with U+FFFD.</summary>
    private static void RequireWellFormed(string text, string what, string paramName)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            throw new ArgumentException($"{what} holds a lone surrogate (U+{(int)text[i]:X4} at index {i}), so it is not valid UTF-16 and cannot be written as UTF-8.", paramName);
        }
    }

    /// <summary>The text with every lone surrogate written as a \uXXXX escape, for an error message.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) sb.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c)) sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Untrusted text shortened for an error message.</summary>
    private static string Snippet(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
