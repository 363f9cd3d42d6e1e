using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pledge.Api.Tests.Fuzz;

/// <summary>A member of a request body as its CLR record declares it.</summary>
public sealed record FieldShape(string Name, Type Type, bool Required, bool Nullable)
{
    public Type Core => System.Nullable.GetUnderlyingType(Type) ?? Type;

    /// <summary>Fields the contract treats as client-chosen ids, which must pass the id rule.</summary>
    public bool IsId => Core == typeof(string)
        && (Name is "id" or "policy" or "owner" or "customer" or "author" or "resource" or "seller" or "buyer" or "booking" or "conversation"
            || Name.EndsWith("Id", StringComparison.Ordinal));
}

/// <summary>A well-formed body for a request type plus what its fields are, so the fuzzer can break it on purpose.</summary>
public sealed record BodyTemplate(JsonObject Json, IReadOnlyList<FieldShape> Fields);

/// <summary>
/// Builds a plausible body for any request record by reflection (constructor parameters, camelCase names, snake_case
/// enums, ISO-8601 times and durations), following polymorphic bases to one of their derived types.
/// </summary>
public static class BodyShapes
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static BodyTemplate Template(Type type, Random random, Func<FieldShape, Json> text, DateTimeOffset now)
    {
        var concrete = Concrete(type, random, out var discriminator);
        var json = new JsonObject();
        if (discriminator is { } d)
            json[d.Name] = Json.Str(d.Value);
        var fields = FieldsOf(concrete);
        // Optional fields are left out half the time, so that defaults (a default policy, say) let requests go deeper.
        foreach (var field in fields.Where(f => f.Required || random.Next(2) == 0))
            json[field.Name] = Sample(field, random, text, now, depth: 0);
        return new BodyTemplate(json, fields);
    }

    public static IReadOnlyList<FieldShape> FieldsOf(Type type)
    {
        if (IsFreeForm(type)) return [];
        var ctor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (ctor is null) return [];
        return ctor.GetParameters().Where(p => p.Name is not null).Select(p =>
        {
            var property = type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            var name = property?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name!);
            var nullable = System.Nullable.GetUnderlyingType(p.ParameterType) is not null
                || (!p.ParameterType.IsValueType && Nullability.Create(p).WriteState == NullabilityState.Nullable);
            return new FieldShape(name, p.ParameterType, !p.HasDefaultValue && !nullable, nullable);
        }).ToArray();
    }

    public static Json Sample(FieldShape field, Random random, Func<FieldShape, Json> text, DateTimeOffset now, int depth) =>
        SampleType(field.Core, field, random, text, now, depth);

    /// <summary>The JSON value an enum member is written as.</summary>
    public static string EnumName(Type type, string member)
    {
        var declared = type.GetField(member)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name;
        return declared ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
    }

    /// <summary>Bodies an endpoint reads as a JSON tree and checks itself.</summary>
    public static bool IsFreeForm(Type type) =>
        type == typeof(JsonElement) || type == typeof(JsonDocument) || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type);

    public static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (type.IsGenericType && DictionaryValue(type) is null && typeof(IEnumerable).IsAssignableFrom(type))
            return type.GetGenericArguments()[0];
        return null;
    }

    public static Type? DictionaryValue(Type type) =>
        type.IsGenericType && type.GetGenericArguments().Length == 2
        && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var g
            && (g == typeof(IDictionary<,>) || g == typeof(IReadOnlyDictionary<,>)))
            ? type.GetGenericArguments()[1]
            : null;

    private static Json SampleType(Type type, FieldShape field, Random random, Func<FieldShape, Json> text, DateTimeOffset now, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return text(field);
        if (type == typeof(bool)) return Json.True;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return Json.Num(1);
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return Json.Raw("1.5");
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return Json.Str(now.ToString("O"));
        if (type == typeof(DateOnly)) return Json.Str(now.ToString("yyyy-MM-dd"));
        if (type == typeof(TimeSpan)) return Json.Str("PT1H");
        if (type == typeof(Guid)) return Json.Str(Guid.Empty.ToString());
        if (IsFreeForm(type)) return new JsonObject();
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            return Json.Str(EnumName(type, names[random.Next(names.Length)]));
        }
        if (DictionaryValue(type) is { } value)
        {
            var map = new JsonObject();
            if (depth < 3) map[type.GetGenericArguments()[0] == typeof(TimeSpan) ? "PT1H" : "k"] = SampleType(value, field, random, text, now, depth + 1);
            return map;
        }
        if (ElementType(type) is { } element)
            return new JsonArray(depth < 3 ? [SampleType(element, field, random, text, now, depth + 1)] : []);
        if (depth >= 3) return new JsonObject();
        var nested = Template(type, random, text, now);
        return nested.Json;
    }

    private static Type Concrete(Type type, Random random, out (string Name, string Value)? discriminator)
    {
        discriminator = null;
        var derived = type.GetCustomAttributes<JsonDerivedTypeAttribute>().Where(d => d.TypeDiscriminator is string).ToArray();
        if (derived.Length == 0) return type;
        var pick = derived[random.Next(derived.Length)];
        var property = type.GetCustomAttribute<JsonPolymorphicAttribute>()?.TypeDiscriminatorPropertyName ?? "$type";
        discriminator = (property, (string)pick.TypeDiscriminator!);
        return pick.DerivedType;
    }
}
