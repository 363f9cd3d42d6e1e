using System.Globalization;
using System.Text;

namespace Pledge.Api.Tests.Fuzz;

/// <summary>
/// A tiny JSON tree that can hold what a serializer would refuse to write: lone surrogates, raw number tokens such
/// as <c>1e400</c>, members in any order and any name. The fuzzer builds bodies with it and mutates them.
/// </summary>
public abstract record Json
{
    public static Json Str(string value) => new JsonString(value);

    public static Json Raw(string token) => new JsonRaw(token);

    public static Json Num(long value) => new JsonRaw(value.ToString(CultureInfo.InvariantCulture));

    public static readonly Json Null = new JsonRaw("null");

    public static readonly Json True = new JsonRaw("true");

    public string Text()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    public abstract void Write(StringBuilder text);

    // Control characters and every surrogate are escaped, so lone surrogates survive as \uD800 escapes.
    protected static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                default:
                    if (c < 0x20 || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}

public sealed record JsonString(string Value) : Json
{
    public override void Write(StringBuilder text) => WriteString(text, Value);

}

public sealed record JsonRaw(string Token) : Json
{
    public override void Write(StringBuilder text) => text.Append(Token);

}

public sealed record JsonArray(List<Json> Items) : Json
{
    public override void Write(StringBuilder text)
    {
        text.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0) text.Append(',');
            Items[i].Write(text);
        }
        text.Append(']');
    }

}

public sealed record JsonObject(List<KeyValuePair<string, Json>> Members) : Json
{
    public JsonObject() : this(new List<KeyValuePair<string, Json>>()) { }

    public Json? this[string name]
    {
        get => Members.FirstOrDefault(m => m.Key == name).Value;
        set
        {
            var at = Members.FindIndex(m => m.Key == name);
            if (value is null)
            {
                if (at >= 0) Members.RemoveAt(at);
            }
            else if (at >= 0) Members[at] = new(name, value);
            else Members.Add(new(name, value));
        }
    }

    public override void Write(StringBuilder text)
    {
        text.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0) text.Append(',');
            WriteString(text, Members[i].Key);
            text.Append(':');
            Members[i].Value.Write(text);
        }
        text.Append('}');
    }

}
