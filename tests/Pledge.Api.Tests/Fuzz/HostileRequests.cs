using System.Globalization;
using System.Text;

namespace Pledge.Api.Tests.Fuzz;

/// <summary>One request the fuzzer sends, with the defect it carries (for the tallies and for failure reports).</summary>
public sealed record HostileRequest(
    int Number,
    FuzzRoute Route,
    string Defect,
    string Method,
    string Path,
    byte[]? Body,
    string? ContentType,
    bool Chunked,
    string? Authorization)
{
    /// <summary>Anything but a read must be refused: every request the fuzzer makes is broken on purpose.</summary>
    public bool MustBeRefused => Method is not ("GET" or "HEAD");

    public string Describe()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"#{Number} [{Defect}] {Method} {Truncate(Path, 200)} ct={ContentType ?? "-"} auth={Truncate(Authorization ?? "-", 40)} body({Body?.Length ?? 0})={body}";
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}

/// <summary>What the fuzzer knows about the seeded data: keys by role and which ids exist where.</summary>
public sealed record FuzzContext(
    string OperatorKey,
    IReadOnlyDictionary<string, string> Keys,
    IReadOnlyList<string> OwnIds,
    IReadOnlyList<string> ForeignIds,
    IReadOnlyList<string> AbsentIds,
    IReadOnlyDictionary<string, string> KnownDocuments,
    IReadOnlyDictionary<string, FreeFormShape> FreeFormShapes,
    IReadOnlySet<string> CreateOnFirstUse,
    DateTimeOffset Now,
    long MaxBodyBytes);

/// <summary>How an endpoint that reads its body as a JSON tree dispatches: on which field, to which request shapes.</summary>
public sealed record FreeFormShape(string Discriminator, IReadOnlyDictionary<string, Type> Shapes, IReadOnlyList<FieldShape> Extra);

/// <summary>
/// A deterministic generator of malformed and hostile requests over every route: each request carries at least one
/// defect that must make a writing route refuse it (broken or wrongly typed JSON, missing/extra/null fields, hostile
/// ids, absurd times and durations, huge bodies and strings, wrong content types and methods, bad keys), while free
/// text elsewhere in the body is salted with control characters and odd Unicode to exercise parsing on the way.
/// </summary>
public sealed class HostileRequests(IReadOnlyList<FuzzRoute> routes, FuzzContext context, int seed)
{
    private static readonly string[] HostileIds =
    [
        "", " ", ".", "..", "a/b", "a\\b", "../../etc/passwd", "..%2f..%2f", "%2e%2e", "a%00b", "%", "%zz", "a b", "a+b", "a?b=c", "a#b", "a;b", "*",
        "'; DROP TABLE pledge.entities; --", "1' OR '1'='1", "\" OR 1=1 --", "x'); SELECT pg_sleep(5); --", "$1", "\\x00",
        "a\u0000b", "\u0000", "\u0007", "tab\there", "new\nline", "cr\rlf", "\u202Eevil", "a\u200Bb", "\uFEFFid", "\u2028",
        "名前", "İd", "ﬁle", "e\u0301", "\ud83d\ude00", "\ud800", "x\udc00", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x/a}",
        "C:\\Windows", new string('x', 129), new string('y', 4000), new string('\u00e9', 200),
    ];

    // Sent unescaped: they change the shape of the path itself.
    private static readonly string[] RawSegments =
    [
        "a/b", "a/b/c/d", "..", "%2e%2e", "%2F", "a%2Fb", "%00", "%ED%A0%80", "%C0%AF", "%ff%fe", "a%", "%%", "a;b=c", "a?x=1", "a#x", "%u0041", "~", "\u00e9",
    ];

    private static readonly string[] OddTexts =
    [
        "\u0000", "nul\u0000inside", "\u0001\u0002\u001f", "\r\n\t", "\u202Eright-to-left\u202C", "zero\u200Bwidth\u200D", "\uFEFF", "\u2028\u2029",
        "e\u0301\u0301\u0301", "\ud83d\ude00\ud83d", "\ud800", "\udfff", "lone\ud800surrogate", "\\u0000", "'; DROP TABLE pledge.events; --",
        "<img src=x onerror=alert(1)>", "%s%s%s%n", "{0}{1}", "\u0130\u0131", "𝕏𝕪𝕫", "\uFFFF\uFFFE", new string('\u0300', 300), "NaN", "null",
    ];

    private static readonly string[] BadTimes =
    [
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00",
        "9000-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "2026-02-30T00:00:00Z", "2026-03-02T25:00:00Z", "2026-03-02T09:00:00+25:00", "yesterday", "", "0",
    ];

    private static readonly string[] BadDurations =
    [
        "-PT1M", "-P1D", "P10675199D", "P99999999999D", "PT99999999999999H", "P1000000Y", "PT", "P", "2 minutes", "", "PT-5M", "P1.5.5D",
    ];

    private static readonly string[] BadNumbers = ["1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "1.5", "\"1\"", "true", "{}", "[]"];

    private static readonly string[] BadTokens =
    [
        "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer pk.x.y", "Bearer pk...", "Bearer pk.fuzz.0000.wrong-secret", "Bearer pk.fuzz-other.deadbeef.secret",
        "Bearer pk.'; DROP TABLE pledge.entities;--.a.b", "Bearer pk.a/b.c.d", "Bearer pk.%00.a.b", "Bearer pk.\u00e9t\u00e9.a.b",
        "Bearer pk.\u202Eevil.a.b", "Bearer " + new string('k', 8000), "Bearer pk." + new string('t', 3000) + ".k.s", "Token abc", "Bearer op.guess",
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "text/html", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/json",
        "application/octet-stream", "image/png", "application/jsonx", "json", "application/",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    private readonly Random random = new(seed);

    public IEnumerable<HostileRequest> Take(int count)
    {
        for (var n = 0; n < count; n++)
        {
            // Round robin over routes so every route gets its share; one in fifty aims at no route at all.
            if (n % 50 == 49)
            {
                yield return UnknownRoute(n);
                continue;
            }
            var route = routes[n % routes.Count];
            yield return Build(n, route);
        }
    }

    private HostileRequest Build(int n, FuzzRoute route)
    {
        var options = new List<(string Defect, int Weight)>();
        var template = route.BodyType is null ? null : TemplateFor(route);
        if (template is not null)
        {
            options.AddRange([("json:broken", 4), ("json:invalid-utf8", 1), ("json:wrong-root", 2), ("json:wrong-type", 5), ("json:extra-field", 3),
                ("json:deep-nesting", 1), ("json:huge-body", 1), ("json:huge-string", 2), ("content-type:wrong", 2), ("content-type:missing", 1)]);
            var fields = template.Fields;
            if (fields.Any(f => f.Required)) options.AddRange([("json:missing-required", 3), ("json:null-required", 2)]);
            if (fields.Any(f => f.IsId)) options.Add(("json:hostile-id", 3));
            if (fields.Any(f => f.Core == typeof(DateTimeOffset))) options.Add(("json:absurd-time", 2));
            if (fields.Any(f => f.Core == typeof(TimeSpan))) options.Add(("json:absurd-duration", 2));
            if (fields.Any(f => f.Core is var t && (t == typeof(int) || t == typeof(long)))) options.Add(("json:absurd-number", 2));
            if (context.KnownDocuments.ContainsKey(route.ToString())) options.Add(("semantic", 4));
        }
        if (route.PathParameters.Count > 0)
        {
            options.AddRange([("path:hostile-id", 4), ("path:raw-segment", 2)]);
            if (IsActionOnOneEntity(route) && !context.CreateOnFirstUse.Contains(route.ToString())) options.Add(("path:absent-or-foreign", 3));
        }
        if (route.Query.Count > 0) options.Add(("query:hostile", 4));
        if (!route.Anonymous) options.AddRange([("auth:none", 1), ("auth:malformed", 2)]);
        if (RefusedRoles(route).Any()) options.Add(("auth:wrong-role", 2));
        if (Methods.Except(FuzzRoutes.MethodsOf(routes, route.Pattern)).Any() && route.Policy is not null) options.Add(("method:wrong", 2));
        if (!route.Writes) options.Add(("read:any-id", 2));
        if (route.Writes && route.BodyType is null && route.PathParameters.Count == 0) options.Add(("auth:none", 1));

        var defect = Pick(options);
        var auth = KeyFor(route);
        var ids = route.PathParameters.ToDictionary(p => p, _ => Escape(OwnOrAbsent()));
        var method = route.Method;
        string? contentType = "application/json";
        var chunked = false;
        var query = "";
        byte[]? body = template is null ? null : Utf8(template.Json.Text());

        switch (defect)
        {
            case "json:broken":
                body = Utf8(Broken(template!.Json.Text()));
                break;
            case "json:invalid-utf8":
                body = InvalidUtf8(template!.Json.Text());
                break;
            case "json:wrong-root":
                body = Utf8(Pick(["[]", "[" + template!.Json.Text() + "]", "\"x\"", "42", "null", "true", "", " ", "{}{}", template!.Json.Text() + "x"]));
                break;
            case "json:wrong-type":
                WrongType(template!);
                body = Utf8(template!.Json.Text());
                break;
            case "json:missing-required":
                template!.Json[Pick(template.Fields.Where(f => f.Required).ToArray()).Name] = null;
                body = Utf8(template.Json.Text());
                break;
            case "json:null-required":
                template!.Json[Pick(template.Fields.Where(f => f.Required).ToArray()).Name] = Json.Null;
                body = Utf8(template.Json.Text());
                break;
            case "json:extra-field":
                ExtraField(template!);
                body = Utf8(template!.Json.Text());
                break;
            case "json:deep-nesting":
                var depth = random.Next(70, 3000);
                var field = template!.Fields.Count > 0 ? Pick(template.Fields.ToArray()).Name : "x";
                body = Utf8("{\"" + field + "\":" + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}");
                break;
            case "json:huge-body":
                var size = (int)Math.Min(context.MaxBodyBytes * random.Next(1, 16) + random.Next(1, 1000), 2_000_000);
                var fill = template!.Fields.FirstOrDefault(f => f.Core == typeof(string))?.Name ?? "padding";
                template.Json[fill] = Json.Str(new string('a', size));
                body = Utf8(template.Json.Text());
                chunked = random.Next(2) == 0;
                break;
            case "json:huge-string":
                HugeString(template!);
                body = Utf8(template!.Json.Text());
                break;
            case "json:hostile-id":
                template!.Json[Pick(template.Fields.Where(f => f.IsId).ToArray()).Name] = Json.Str(Pick(HostileIds));
                body = Utf8(template.Json.Text());
                break;
            case "json:absurd-time":
                template!.Json[Pick(template.Fields.Where(f => f.Core == typeof(DateTimeOffset)).ToArray()).Name] = Json.Str(Pick(BadTimes));
                body = Utf8(template.Json.Text());
                break;
            case "json:absurd-duration":
                template!.Json[Pick(template.Fields.Where(f => f.Core == typeof(TimeSpan)).ToArray()).Name] = Json.Str(Pick(BadDurations));
                body = Utf8(template.Json.Text());
                break;
            case "json:absurd-number":
                template!.Json[Pick(template.Fields.Where(f => f.Core == typeof(int) || f.Core == typeof(long)).ToArray()).Name] = Json.Raw(Pick(BadNumbers));
                body = Utf8(template.Json.Text());
                break;
            case "semantic":
                (body, ids) = Semantic(route, ids);
                break;
            case "content-type:wrong":
                contentType = Pick(WrongContentTypes);
                break;
            case "content-type:missing":
                contentType = null;
                break;
            case "path:hostile-id":
                ids[Pick(route.PathParameters.ToArray())] = Escape(Pick(HostileIds));
                break;
            case "path:raw-segment":
                ids[Pick(route.PathParameters.ToArray())] = Pick(RawSegments);
                // A raw segment may re-route the request; a broken body keeps any route it lands on from acting on it.
                if (body is not null) body = Utf8(Broken(template!.Json.Text()));
                break;
            case "path:absent-or-foreign":
                foreach (var p in route.PathParameters)
                    ids[p] = Escape(route.Policy == "operator" ? Pick(context.AbsentIds.ToArray()) : Pick([.. context.AbsentIds, .. context.ForeignIds]));
                break;
            case "query:hostile":
                query = HostileQuery(route);
                break;
            case "auth:none":
                auth = null;
                break;
            case "auth:malformed":
                auth = Pick(BadTokens);
                break;
            case "auth:wrong-role":
                var role = Pick(RefusedRoles(route).ToArray());
                auth = "Bearer " + (role == "operator" ? context.OperatorKey : context.Keys[role]);
                break;
            case "method:wrong":
                method = Pick(Methods.Except(FuzzRoutes.MethodsOf(routes, route.Pattern)).ToArray());
                break;
            case "read:any-id":
                foreach (var p in route.PathParameters)
                    ids[p] = Escape(Pick([.. context.OwnIds, .. context.ForeignIds, .. context.AbsentIds]));
                break;
        }
        if (body is null && method is "GET" or "DELETE") contentType = null;
        return new HostileRequest(n, route, defect, method, Path(route.Pattern, ids) + query, body, body is null ? null : contentType, chunked, auth);
    }

    private BodyTemplate TemplateFor(FuzzRoute route)
    {
        if (!context.FreeFormShapes.TryGetValue(route.ToString(), out var shape))
            return BodyShapes.Template(route.BodyType!, random, Salt, context.Now);
        // A body the endpoint reads as a tree: one of the shapes it dispatches on, with its discriminator and shared fields.
        var (name, type) = Pick(shape.Shapes.ToArray());
        var inner = BodyShapes.Template(type, random, Salt, context.Now);
        var json = new JsonObject();
        json[shape.Discriminator] = Json.Str(name);
        foreach (var extra in shape.Extra)
            json[extra.Name] = BodyShapes.Sample(extra, random, Salt, context.Now, 0);
        foreach (var member in inner.Json.Members)
            json[member.Key] = member.Value;
        return new BodyTemplate(json, [new FieldShape(shape.Discriminator, typeof(string), true, false), .. shape.Extra, .. inner.Fields]);
    }

    private HostileRequest UnknownRoute(int n)
    {
        var path = Pick(["/v1/" + Escape(Pick(HostileIds)), "/v2/conversations/x", "/v1/conversations", "/v1/conversations/x/y/z", "/V1/POLICIES",
            "/v1/tenants/x/keys/y", "/.env", "/v1/../../etc/passwd", "/%2e%2e/%2e%2e/", "/v1/webhooks/x/y", "/" + new string('a', 3000)]);
        var route = new FuzzRoute("(none)", [Pick(Methods)], [], null, [], null, false);
        var body = route.Method is "GET" or "DELETE" ? null : Utf8("{\"id\":\"x\"}");
        return new HostileRequest(n, route, "route:unknown", route.Method, path, body, body is null ? null : "application/json", false, "Bearer " + context.Keys["admin"]);
    }

    private (byte[] Body, Dictionary<string, string> Ids) Semantic(FuzzRoute route, Dictionary<string, string> ids)
    {
        // A known-good document for this route with one value made absurd: the document must be refused.
        var document = System.Text.Json.JsonDocument.Parse(context.KnownDocuments[route.ToString()]).RootElement;
        var rebuilt = FromElement(document);
        var leaves = new List<(Action<Json> Set, Json Value)>();
        CollectLeaves(rebuilt, leaves);
        var candidates = leaves.Where(l => l.Value is JsonString s && (LooksLikeDuration(s.Value) || LooksLikeTime(s.Value)) || l.Value is JsonRaw r && IsNumber(r.Token)).ToArray();
        if (candidates.Length > 0)
        {
            var (set, value) = Pick(candidates);
            set(value switch
            {
                JsonString s when LooksLikeDuration(s.Value) => Json.Str(Pick(BadDurations)),
                JsonString => Json.Str(Pick(BadTimes)),
                _ => Json.Raw(Pick(["-1", "-2147483648", "1e400", "1.5", "\"7\""])),
            });
        }
        else
        {
            rebuilt = new JsonArray([rebuilt]);
        }
        foreach (var p in route.PathParameters)
            ids[p] = Escape(context.OwnIds.FirstOrDefault(i => route.Pattern.Contains("conversations", StringComparison.Ordinal) ? i.StartsWith("c-", StringComparison.Ordinal) : i == "talent-chat") ?? "x");
        return (Utf8(rebuilt.Text()), ids);
    }

    private static Json FromElement(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => new JsonObject(e.EnumerateObject().Select(p => new KeyValuePair<string, Json>(p.Name, FromElement(p.Value))).ToList()),
        System.Text.Json.JsonValueKind.Array => new JsonArray(e.EnumerateArray().Select(FromElement).ToList()),
        System.Text.Json.JsonValueKind.String => Json.Str(e.GetString()!),
        _ => Json.Raw(e.GetRawText()),
    };

    private static void CollectLeaves(Json node, List<(Action<Json>, Json)> leaves)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.Members.ToArray())
                {
                    if (value is JsonObject or JsonArray) CollectLeaves(value, leaves);
                    else leaves.Add((v => o[name] = v, value));
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    var at = i;
                    if (a.Items[i] is JsonObject or JsonArray) CollectLeaves(a.Items[i], leaves);
                    else leaves.Add((v => a.Items[at] = v, a.Items[i]));
                }
                break;
        }
    }

    private static bool LooksLikeDuration(string s) => s.Length > 1 && s[0] == 'P' && s.Skip(1).All(c => char.IsAsciiDigit(c) || "YMWDTHS.".Contains(c));

    private static bool LooksLikeTime(string s) => s.Length >= 20 && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && s[4] == '-';

    private static bool IsNumber(string token) => token.Length > 0 && (char.IsAsciiDigit(token[0]) || token[0] == '-');

    private void WrongType(BodyTemplate template)
    {
        if (template.Fields.Count == 0)
        {
            template.Json["x"] = Json.Num(1);
            return;
        }
        var field = Pick(template.Fields.ToArray());
        var t = field.Core;
        template.Json[field.Name] = t == typeof(string) ? Json.Raw(Pick(["42", "true", "{}", "[]", "[\"x\"]", "1e3"]))
            : t == typeof(bool) ? Json.Raw(Pick(["\"true\"", "1", "{}"]))
            : t == typeof(int) || t == typeof(long) || t == typeof(decimal) || t == typeof(double) ? Json.Raw(Pick(BadNumbers))
            : t.IsEnum ? Pick([Json.Str("NOT_A_MEMBER"), Json.Str(""), Json.Raw("3"), Json.Str("\u0000"), Json.Raw("[]"), Json.Str(new string('z', 3000))])
            : t == typeof(DateTimeOffset) ? Pick([Json.Str("yesterday"), Json.Raw("1700000000"), Json.Str("2026-13-45T99:00:00Z"), Json.Str(""), Json.Raw("{}")])
            : t == typeof(TimeSpan) ? Pick([Json.Str("2 minutes"), Json.Raw("120"), Json.Str("P"), Json.Str(""), Json.Raw("[]")])
            : BodyShapes.IsFreeForm(t) ? Pick([Json.Str("x"), Json.Raw("42"), Json.Raw("[]"), Json.Raw("true")])
            : BodyShapes.ElementType(t) is not null ? Pick([Json.Raw("{}"), Json.Str("x"), Json.Raw("1"), Json.Raw("[[[]]]"), Json.Raw("[{\"a\":1}]")])
            : Pick([Json.Raw("[]"), Json.Str("x"), Json.Raw("1"), Json.Raw("true")]);
        // A wrong type for a field the handler reads as "any JSON" only fails if the field is one it must parse; keep it broken either way.
        if (BodyShapes.IsFreeForm(t) && template.Fields.Count > 1)
            template.Json["unexpected"] = Json.Num(1);
    }

    private void ExtraField(BodyTemplate template)
    {
        var name = Pick(["extra", "__proto__", "constructor", "$type", "$id", "$ref", "type", "ID", "Id", "tenant", "tenantId", "admin", "role",
            "\u0000", "", "id\u0000", "\u202Eid", "a.b", "a[0]", new string('n', 5000), "\ud800"]);
        // A property that differs only by case from a real one must be refused too (matching is case-sensitive).
        if (name is "ID" or "Id" && template.Json["id"] is null) name = "extra";
        if (template.Fields.Any(f => f.Name == name)) name = "extra";
        var target = template.Json;
        var nested = template.Json.Members.Where(m => m.Value is JsonObject { Members.Count: > 0 }).ToArray();
        if (nested.Length > 0 && random.Next(3) == 0 && !IsFreeForm(template, nested[0].Key))
            target = (JsonObject)nested[0].Value;
        target[name] = Pick([Json.Num(1), Json.Str("x"), Json.Null, new JsonObject(), Json.True]);
    }

    private static bool IsFreeForm(BodyTemplate template, string field) =>
        template.Fields.FirstOrDefault(f => f.Name == field) is { } f && (BodyShapes.IsFreeForm(f.Core) || BodyShapes.DictionaryValue(f.Core) is not null);

    private void HugeString(BodyTemplate template)
    {
        var strings = template.Fields.Where(f => f.Core == typeof(string)).ToArray();
        var length = (int)Math.Min(20_000 + random.Next(0, 10_000), context.MaxBodyBytes / 3 - 1000);
        var text = random.Next(2) == 0 ? new string('w', length) : string.Concat(Enumerable.Repeat("\u202Eé\u200B", length / 3));
        if (strings.Length == 0)
        {
            template.Json["padding"] = Json.Str(text);
            return;
        }
        template.Json[Pick(strings).Name] = Json.Str(text);
    }

    private string HostileQuery(FuzzRoute route)
    {
        var parts = new List<string>();
        foreach (var q in route.Query)
        {
            if (random.Next(3) == 0) continue;
            var t = Nullable.GetUnderlyingType(q.Type) ?? q.Type;
            var value = t == typeof(int) || t == typeof(long)
                ? Pick(["abc", "-1", "0", "-9223372036854775809", "99999999999999999999", "1e3", "1.5", "", "%00", "0x10", "2147483648", "+5", " 5", "５"])
                : random.Next(2) == 0 ? Pick(BadTimes) : Pick(HostileIds);
            parts.Add(q.Name + "=" + (value.Contains('%', StringComparison.Ordinal) && random.Next(2) == 0 ? value : Escape(value)));
        }
        if (random.Next(4) == 0) parts.Add(Escape(Pick(HostileIds)) + "=" + Escape(Pick(HostileIds)));
        if (route.Query.Count > 0 && random.Next(5) == 0) parts.Add(route.Query[0].Name + "=1");
        return parts.Count == 0 ? "?" : "?" + string.Join('&', parts);
    }

    private IEnumerable<string> RefusedRoles(FuzzRoute route)
    {
        if (route.Anonymous || route.Policy is null) return [];
        var allowed = route.Policy switch
        {
            "read" => ["platform", "reviewer", "admin"],
            "ingest" => ["platform", "admin"],
            "review" => ["reviewer", "admin"],
            "admin" => ["admin"],
            "operator" => new[] { "operator" },
            _ => [],
        };
        return new[] { "platform", "reviewer", "admin", "operator" }.Where(r => !allowed.Contains(r));
    }

    private string? KeyFor(FuzzRoute route) => route.Anonymous ? null
        : route.Policy == "operator" ? "Bearer " + context.OperatorKey
        : "Bearer " + context.Keys["admin"];

    // Writes against the caller's own existing entities must carry a defect; ids that exist nowhere are as good.
    private string OwnOrAbsent() => random.Next(2) == 0 ? Pick(context.OwnIds.ToArray()) : Pick(context.AbsentIds.ToArray());

    private static bool IsActionOnOneEntity(FuzzRoute route)
    {
        if (route.Method == "DELETE") return true;
        if (route.Method != "POST") return false;
        var last = route.Pattern.TrimEnd('/').Split('/')[^1];
        return !last.StartsWith('{');
    }

    private Json Salt(FieldShape field) =>
        field.IsId || random.Next(2) == 0 ? Json.Str("f" + random.Next(1000).ToString(CultureInfo.InvariantCulture)) : Json.Str(Pick(OddTexts));

    private string Broken(string json)
    {
        var cut = json.Length <= 1 ? json : json[..random.Next(1, json.Length)];
        return Pick([
            cut,
            json.Replace("\"", "'", StringComparison.Ordinal),
            json.TrimEnd('}') + ",}",
            "/* comment */" + json,
            json.Replace(":", "=", StringComparison.Ordinal),
            json + "}",
            "{" + json,
            json.Replace("\"", "", StringComparison.Ordinal),
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":undefined}",
            "\uFEFF\uFEFF" + json,
            json.Insert(Math.Min(json.Length, 1), "\u0000"),
            "{\"\\uZZZZ\":1}",
            "{\"a\":\"\\x41\"}",
            "{\"a\":01}",
            "{,}",
            "{\"a\" 1}",
        ]);
    }

    private byte[] InvalidUtf8(string json)
    {
        var bytes = Utf8(json).ToList();
        var at = Math.Max(1, bytes.IndexOf((byte)'"') + 1);
        byte[][] poison = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];
        bytes.InsertRange(Math.Min(at, bytes.Count), Pick(poison));
        return bytes.ToArray();
    }

    private static string Path(string pattern, IReadOnlyDictionary<string, string> ids)
    {
        var path = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == '{')
            {
                var end = pattern.IndexOf('}', i);
                var name = pattern[(i + 1)..end].TrimStart('*').Split(':', '=', '?')[0];
                path.Append(ids.GetValueOrDefault(name, "x"));
                i = end + 1;
            }
            else path.Append(pattern[i++]);
        }
        return path.ToString();
    }

    /// <summary>Percent-encodes every byte outside the unreserved set; lone surrogates go as U+FFFD's bytes.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~') text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false, false).GetBytes(text);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Pick(List<(string Defect, int Weight)> options)
    {
        var roll = random.Next(options.Sum(o => o.Weight));
        foreach (var (defect, weight) in options)
        {
            if (roll < weight) return defect;
            roll -= weight;
        }
        return options[^1].Defect;
    }
}
