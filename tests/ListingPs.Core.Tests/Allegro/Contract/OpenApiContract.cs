using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Writers;

namespace ListingPs.Core.Tests.Allegro.Contract
{
    /// <summary>What a contract check found wrong with one exchange.</summary>
    public enum ContractProblemKind
    {
        /// <summary>No documented operation has this method and path.</summary>
        UnknownOperation,
        /// <summary>A required path or query parameter is missing.</summary>
        MissingParameter,
        /// <summary>A query parameter the operation does not document.</summary>
        UndocumentedParameter,
        /// <summary>A parameter's value does not match its schema.</summary>
        InvalidParameter,
        /// <summary>The request body is missing, not documented, or does not match its schema.</summary>
        RequestBody,
        /// <summary>The answer's status is not among the operation's responses.</summary>
        UndocumentedStatus,
        /// <summary>The answer's body is missing, not documented, or does not match its schema.</summary>
        ResponseBody,
        /// <summary>A Content-Type the operation does not document, or an Accept that takes none of its success media types.</summary>
        MediaType,
    }

    public sealed record ContractProblem(ContractProblemKind Kind, string Message)
    {
        public override string ToString() => Kind + ": " + Message;
    }

    /// <summary>One request and its answer, as the contract check takes them (bodies as text; null or "" for none).</summary>
    public sealed record ContractExchange(string Method, string PathAndQuery, int Status,
        string? RequestContentType = null, string? RequestBody = null, string? ResponseContentType = null, string? ResponseBody = null,
        string? Accept = null)
    {
        public override string ToString() => Method + " " + PathAndQuery + " -> " + Status.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Checks exchanges with Allegro (or its fake) against OpenAPI 3.0 documents: the operation (method and path template),
    /// the required and documented path and query parameters and their values, the request body (required or not documented,
    /// its Content-Type, JSON or form body against the schema), the Accept header against the success media types, the
    /// answer's status, its Content-Type and its body against the schema. Header parameters (Accept-Language) are not checked,
    /// and "format" is an annotation only (Allegro names formats no validator knows, e.g. "BCP-47 language code").
    /// Microsoft.OpenApi reads the documents; the schemas are turned into JSON Schema 2020-12 (a discriminator's mapping and a
    /// oneOf of shapes that require nothing as described at Discriminate and DisambiguateOneOf; nullable, boolean
    /// exclusiveMinimum/Maximum, $ref into #/components/schemas) and evaluated with JsonSchema.Net.
    /// </summary>
    public sealed class OpenApiContract
    {
        private readonly List<Document> _documents = new List<Document>();
        private readonly Dictionary<string, JsonSchema> _schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        private readonly BuildOptions _build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        private readonly object _gate = new object();

        private sealed class Document
        {
            public required string Name;
            public required OpenApiDocument Model;
            public required Uri Base;
            public required List<(string Template, Regex Pattern, int Parameters)> Paths;
        }

        /// <summary>What the reader found wrong in the documents themselves (an empty list for well-formed ones).</summary>
        public List<string> DocumentErrors { get; } = new List<string>();

        /// <summary>The documents' operations, as "METHOD /template".</summary>
        public IEnumerable<string> Operations => _documents.SelectMany(d => d.Model.Paths.SelectMany(p => p.Value.Operations.Keys
            .Select(k => k.ToString().ToUpperInvariant() + " " + p.Key)));

        public static OpenApiContract Load(params string[] files)
        {
            var contract = new OpenApiContract();
            foreach (var file in files) contract.Add(Path.GetFileName(file), File.ReadAllText(file));
            return contract;
        }

        public static OpenApiContract FromText(string name, string yaml)
        {
            var contract = new OpenApiContract();
            contract.Add(name, yaml);
            return contract;
        }

        private void Add(string name, string text)
        {
            var model = new OpenApiStringReader().Read(text, out var diagnostic);
            foreach (var e in diagnostic.Errors) DocumentErrors.Add(name + ": " + e.Pointer + ": " + e.Message);
            var index = _documents.Count.ToString(CultureInfo.InvariantCulture);
            var baseUri = new Uri("https://listingps.invalid/openapi/" + index + "/" + Uri.EscapeDataString(name));
            var defs = new JsonObject();
            foreach (var (schemaName, schema) in model.Components?.Schemas ?? new Dictionary<string, OpenApiSchema>())
            {
                using var text_ = new StringWriter(CultureInfo.InvariantCulture);
                var writer = new OpenApiJsonWriter(text_);
                schema.SerializeAsV3WithoutReference(writer);
                writer.Flush();
                defs[schemaName] = ToJsonSchema(JsonNode.Parse(text_.ToString()), baseUri);
            }
            DisambiguateOneOf(defs, defs, baseUri);
            foreach (var (schemaName, schema) in model.Components?.Schemas ?? new Dictionary<string, OpenApiSchema>())
                Discriminate(schemaName, schema, defs, baseUri);
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = baseUri.ToString(),
                ["$defs"] = defs,
            };
            var built = JsonSchema.FromText(root.ToJsonString(), _build, baseUri);
            if (_build.SchemaRegistry.Get(baseUri) == null) _build.SchemaRegistry.Register(baseUri, built);
            _documents.Add(new Document
            {
                Name = name, Model = model, Base = baseUri,
                Paths = model.Paths.Keys.Select(t => (t, new Regex("^" + Regex.Replace(Regex.Escape(t).Replace("\\{", "{", StringComparison.Ordinal),
                    @"\{([^}/]+)\}", m => "(?<" + Group(m.Groups[1].Value) + ">[^/]+)") + "$", RegexOptions.CultureInvariant),
                    Regex.Matches(t, @"\{[^}]+\}").Count)).ToList(),
            });
        }

        private static string Group(string parameter) => "p" + string.Concat(parameter.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "_" + ((int)c).ToString(CultureInfo.InvariantCulture)));

        /// <summary>
        /// A oneOf whose branches are object schemas that require nothing (Allegro's OfferAutomaticPricingCommand.modification:
        /// "set" or "remove") matches any object twice, so JSON Schema's oneOf would refuse every body. The description means
        /// "one of these shapes": each such branch is read as "holds at least one of its properties".
        /// </summary>
        private static void DisambiguateOneOf(JsonNode? node, JsonObject defs, Uri baseUri)
        {
            if (node is JsonArray array) { foreach (var item in array) DisambiguateOneOf(item, defs, baseUri); return; }
            if (node is not JsonObject o) return;
            foreach (var (_, value) in o.ToList()) DisambiguateOneOf(value, defs, baseUri);
            if (o["oneOf"] is not JsonArray branches) return;
            var prefix = baseUri + "#/$defs/";
            var targets = branches.Select(b => b is JsonObject r && r.Count == 1 && r["$ref"] is JsonValue v && v.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal)
                ? defs[v.GetValue<string>().Substring(prefix.Length)] as JsonObject : null).ToList();
            if (targets.Any(t => t == null || t["properties"] is not JsonObject || t.ContainsKey("required") || t.ContainsKey("allOf") || t.ContainsKey("oneOf")))
                return;
            for (int i = 0; i < branches.Count; i++)
            {
                var names = ((JsonObject)targets[i]!["properties"]!).Select(p => (JsonNode)new JsonObject { ["required"] = new JsonArray(JsonValue.Create(p.Key)) }).ToArray();
                branches[i] = new JsonObject { ["allOf"] = new JsonArray(branches[i]!.DeepClone()), ["anyOf"] = new JsonArray(names) };
            }
        }

        /// <summary>
        /// A discriminator whose mapping names schemas of the shape allOf[the base, its own part] (Allegro's PriceModification:
        /// FIXED_PRICE -> PriceModificationFixedPrice with its price): the base also checks an object whose property names a
        /// mapped value against that value's own part ("if type is FIXED_PRICE then price is a Price"). The own part is
        /// referred to by its place (#/$defs/T/allOf/i), so the base and the mapped schema do not refer to each other in a loop.
        /// </summary>
        private static void Discriminate(string name, OpenApiSchema schema, JsonObject defs, Uri baseUri)
        {
            var d = schema.Discriminator;
            if (d == null || string.IsNullOrEmpty(d.PropertyName) || d.Mapping == null || d.Mapping.Count == 0 || defs[name] is not JsonObject target) return;
            var rules = new JsonArray();
            var self = baseUri + "#/$defs/" + name;
            foreach (var (value, reference) in d.Mapping)
            {
                const string prefix = "#/components/schemas/";
                if (!reference.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var mapped = reference.Substring(prefix.Length);
                if (defs[mapped] is not JsonObject m || m["allOf"] is not JsonArray parts) continue;
                for (int i = 0; i < parts.Count; i++)
                {
                    if (parts[i] is JsonObject part && part["$ref"] is JsonValue r && r.GetValue<string>() == self) continue;
                    rules.Add(new JsonObject
                    {
                        ["if"] = new JsonObject
                        {
                            ["properties"] = new JsonObject { [d.PropertyName] = new JsonObject { ["const"] = value } },
                            ["required"] = new JsonArray(JsonValue.Create(d.PropertyName)),
                        },
                        ["then"] = new JsonObject { ["$ref"] = baseUri + "#/$defs/" + mapped + "/allOf/" + i.ToString(CultureInfo.InvariantCulture) },
                    });
                }
            }
            if (rules.Count == 0) return;
            if (target["allOf"] is JsonArray existing) foreach (var rule in rules) existing.Add(rule!.DeepClone());
            else target["allOf"] = rules;
        }

        /// <summary>OpenAPI 3.0's schema object as JSON Schema 2020-12.</summary>
        private static JsonNode? ToJsonSchema(JsonNode? node, Uri baseUri)
        {
            if (node is not JsonObject schema) return node?.DeepClone();
            var result = new JsonObject();
            foreach (var (key, value) in schema)
            {
                switch (key)
                {
                    case "$ref":
                        var target = value!.GetValue<string>();
                        result["$ref"] = target.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                            ? baseUri + "#/$defs/" + target.Substring("#/components/schemas/".Length)
                            : target;
                        break;
                    case "properties":
                    case "patternProperties":
                        var map = new JsonObject();
                        foreach (var (p, s) in (JsonObject)value!) map[p] = ToJsonSchema(s, baseUri);
                        result[key] = map;
                        break;
                    case "items":
                    case "not":
                    case "additionalProperties":
                        result[key] = ToJsonSchema(value, baseUri);
                        break;
                    case "allOf":
                    case "anyOf":
                    case "oneOf":
                        result[key] = new JsonArray(((JsonArray)value!).Select(s => ToJsonSchema(s, baseUri)).ToArray());
                        break;
                    case "nullable":
                    case "example":
                    case "discriminator":
                    case "xml":
                    case "externalDocs":
                        break;
                    case "exclusiveMinimum":
                    case "exclusiveMaximum":
                        if (value is JsonValue v && v.TryGetValue<bool>(out var exclusive))
                        {
                            var bound = key == "exclusiveMinimum" ? "minimum" : "maximum";
                            if (exclusive && schema[bound] != null) result[key] = schema[bound]!.DeepClone();
                        }
                        else result[key] = value?.DeepClone();
                        break;
                    default:
                        result[key] = value?.DeepClone();
                        break;
                }
            }
            foreach (var bound in new[] { ("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum") })
                if (result.ContainsKey(bound.Item1) && result.ContainsKey(bound.Item2)) result.Remove(bound.Item2);
            if (schema["nullable"] is JsonValue n && n.TryGetValue<bool>(out var nullable) && nullable)
            {
                if (result["type"] is JsonValue t)
                {
                    result["type"] = new JsonArray(t.GetValue<string>(), "null");
                    if (result["enum"] is JsonArray e && !e.Any(x => x == null)) e.Add(null);
                }
                else if (result["type"] == null)
                    return new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) };
            }
            return result;
        }

        private JsonSchema Schema(Document document, OpenApiSchema schema)
        {
            string json;
            if (schema.Reference != null && schema.Reference.Type == Microsoft.OpenApi.Models.ReferenceType.Schema && !schema.Reference.IsExternal)
                json = new JsonObject { ["$ref"] = document.Base + "#/$defs/" + schema.Reference.Id }.ToJsonString();
            else
            {
                using var text = new StringWriter(CultureInfo.InvariantCulture);
                var writer = new OpenApiJsonWriter(text);
                schema.SerializeAsV3(writer);
                writer.Flush();
                json = ToJsonSchema(JsonNode.Parse(text.ToString()), document.Base)!.ToJsonString();
            }
            lock (_gate)
            {
                if (!_schemas.TryGetValue(json, out var built))
                {
                    var node = JsonNode.Parse(json)!.AsObject();
                    node["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                    built = JsonSchema.FromText(node.ToJsonString(), _build, new Uri(document.Base + "/inline/" + _schemas.Count.ToString(CultureInfo.InvariantCulture)));
                    _schemas[json] = built;
                }
                return built;
            }
        }

        /// <summary>The schema's errors for the instance, as "location: message" (an empty list when it is valid).</summary>
        private List<string> Validate(Document document, OpenApiSchema schema, JsonNode? instance)
        {
            var built = Schema(document, schema);
            using var doc = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
            var result = built.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid) return new List<string>();
            var errors = new List<string>();
            foreach (var r in new[] { result }.Concat(result.Details ?? (IReadOnlyList<EvaluationResults>)Array.Empty<EvaluationResults>()))
                if (r.Errors != null)
                    foreach (var (keyword, message) in r.Errors)
                        errors.Add((r.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/") + ": " + keyword + ": " + message);
            if (errors.Count == 0) errors.Add("/: does not match the schema");
            return errors.Distinct().ToList();
        }

        /// <summary>Everything wrong with the exchange (an empty list when it follows the documents).</summary>
        public IReadOnlyList<ContractProblem> Check(ContractExchange exchange)
        {
            var problems = new List<ContractProblem>();
            void Problem(ContractProblemKind kind, string message) => problems.Add(new ContractProblem(kind, exchange + ": " + message));

            var split = exchange.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
            var path = split < 0 ? exchange.PathAndQuery : exchange.PathAndQuery.Substring(0, split);
            var query = split < 0 ? "" : exchange.PathAndQuery.Substring(split + 1);
            if (!Enum.TryParse<OperationType>(exchange.Method, true, out var method))
            {
                Problem(ContractProblemKind.UnknownOperation, "no such HTTP method");
                return problems;
            }
            var found = _documents.SelectMany(d => d.Paths.Select(p => (Document: d, p.Template, Match: p.Pattern.Match(path), p.Parameters)))
                .Where(x => x.Match.Success).OrderBy(x => x.Parameters).ToList();
            if (found.Count == 0)
            {
                Problem(ContractProblemKind.UnknownOperation, "no documented path matches " + path);
                return problems;
            }
            var hit = found.FirstOrDefault(x => x.Document.Model.Paths[x.Template].Operations.ContainsKey(method));
            if (hit.Document == null)
            {
                Problem(ContractProblemKind.UnknownOperation, exchange.Method + " is not documented for " + found[0].Template
                    + " (" + string.Join(", ", found[0].Document.Model.Paths[found[0].Template].Operations.Keys) + " are)");
                return problems;
            }
            var document = hit.Document;
            var item = document.Model.Paths[hit.Template];
            var operation = item.Operations[method];

            // Parameters: the operation's, over the path item's of the same name and place.
            var parameters = item.Parameters.Where(p => !operation.Parameters.Any(o => o.Name == p.Name && o.In == p.In)).Concat(operation.Parameters).ToList();
            var queryValues = Pairs(query);
            foreach (var p in parameters)
            {
                List<string>? values = null;
                if (p.In == ParameterLocation.Path)
                {
                    var g = hit.Match.Groups[Group(p.Name)];
                    if (g.Success) values = new List<string> { Uri.UnescapeDataString(g.Value) };
                }
                else if (p.In == ParameterLocation.Query)
                {
                    var v = queryValues.Where(q => q.Key == p.Name).Select(q => q.Value).ToList();
                    if (v.Count > 0) values = v;
                }
                else continue;                        // header and cookie parameters are not recorded
                if (values == null)
                {
                    if (p.Required) Problem(ContractProblemKind.MissingParameter, "the required " + p.In.ToString()!.ToLowerInvariant() + " parameter " + p.Name + " is missing");
                    continue;
                }
                if (p.Schema == null) continue;
                foreach (var e in Validate(document, p.Schema, ParameterValue(p.Schema, values)))
                    Problem(ContractProblemKind.InvalidParameter, p.Name + "=" + string.Join(",", values) + ": " + e);
            }
            foreach (var name in queryValues.Select(q => q.Key).Distinct())
                if (!parameters.Any(p => p.In == ParameterLocation.Query && p.Name == name))
                    Problem(ContractProblemKind.UndocumentedParameter, "the query parameter " + name + " is not documented");

            // The request body.
            var hasBody = !string.IsNullOrEmpty(exchange.RequestBody);
            if (operation.RequestBody == null)
            {
                if (hasBody) Problem(ContractProblemKind.RequestBody, "a request body is sent, none is documented");
            }
            else if (!hasBody)
            {
                if (operation.RequestBody.Required) Problem(ContractProblemKind.RequestBody, "the required request body is missing");
            }
            else
            {
                var media = Media(operation.RequestBody.Content, exchange.RequestContentType);
                if (media == null)
                    Problem(ContractProblemKind.MediaType, "the request's Content-Type " + (exchange.RequestContentType ?? "(none)") + " is not documented ("
                        + string.Join(", ", operation.RequestBody.Content.Keys) + " are)");
                else if (media.Schema != null)
                {
                    var (instance, error) = Body(exchange.RequestContentType!, exchange.RequestBody!);
                    if (error != null) Problem(ContractProblemKind.RequestBody, error);
                    else foreach (var e in Validate(document, media.Schema, instance)) Problem(ContractProblemKind.RequestBody, e);
                }
            }

            // Accept: the client must take one of the media types of the success answers.
            var success = operation.Responses.Where(r => r.Key.StartsWith('2')).SelectMany(r => r.Value.Content.Keys).Distinct().ToList();
            if (success.Count > 0 && !success.Any(m => Accepts(exchange.Accept, m)))
                Problem(ContractProblemKind.MediaType, "Accept " + (exchange.Accept ?? "(none)") + " takes none of " + string.Join(", ", success));

            // The answer.
            var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(status, out var response)
                && !operation.Responses.TryGetValue(status.Substring(0, 1) + "XX", out response)
                && !operation.Responses.TryGetValue("default", out response))
            {
                Problem(ContractProblemKind.UndocumentedStatus, "status " + status + " is not documented (" + string.Join(", ", operation.Responses.Keys) + " are)");
                return problems;
            }
            var answered = !string.IsNullOrEmpty(exchange.ResponseBody);
            if (response.Content.Count == 0)
            {
                if (answered) Problem(ContractProblemKind.ResponseBody, "the answer has a body, status " + status + " documents none");
                return problems;
            }
            var answerMedia = Media(response.Content, exchange.ResponseContentType);
            if (answerMedia == null)
            {
                Problem(ContractProblemKind.MediaType, "the answer's Content-Type " + (exchange.ResponseContentType ?? "(none)") + " is not documented for "
                    + status + " (" + string.Join(", ", response.Content.Keys) + " are)");
                return problems;
            }
            if (!answered)
            {
                Problem(ContractProblemKind.ResponseBody, "the answer has no body, status " + status + " documents one");
                return problems;
            }
            if (answerMedia.Schema != null)
            {
                var (instance, error) = Body(exchange.ResponseContentType!, exchange.ResponseBody!);
                if (error != null) Problem(ContractProblemKind.ResponseBody, error);
                else foreach (var e in Validate(document, answerMedia.Schema, instance)) Problem(ContractProblemKind.ResponseBody, e);
            }
            return problems;
        }

        private static string Essence(string? mediaType) => (mediaType ?? "").Split(';')[0].Trim().ToLowerInvariant();

        private static OpenApiMediaType? Media(IDictionary<string, OpenApiMediaType> content, string? contentType)
        {
            var essence = Essence(contentType);
            if (essence.Length == 0) return null;
            foreach (var (key, media) in content)
            {
                var k = Essence(key);
                if (k == essence || k == "*/*" || (k.EndsWith("/*", StringComparison.Ordinal) && essence.StartsWith(k.Substring(0, k.Length - 1), StringComparison.Ordinal)))
                    return media;
            }
            return null;
        }

        private static bool Accepts(string? accept, string mediaType)
        {
            if (string.IsNullOrWhiteSpace(accept)) return false;
            var m = Essence(mediaType);
            foreach (var range in accept.Split(','))
            {
                var parts = range.Split(';');
                var r = parts[0].Trim().ToLowerInvariant();
                var q = parts.Skip(1).Select(x => x.Trim()).FirstOrDefault(x => x.StartsWith("q=", StringComparison.Ordinal));
                if (q != null && double.TryParse(q.Substring(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && weight <= 0) continue;
                if (r == m || r == "*/*" || (r.EndsWith("/*", StringComparison.Ordinal) && m.StartsWith(r.Substring(0, r.Length - 1), StringComparison.Ordinal))) return true;
            }
            return false;
        }

        private static List<KeyValuePair<string, string>> Pairs(string encoded) =>
            encoded.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
                return eq < 0 ? new KeyValuePair<string, string>(Decode(pair), "") : new KeyValuePair<string, string>(Decode(pair.Substring(0, eq)), Decode(pair.Substring(eq + 1)));
            }).ToList();

        /// <summary>A body as JSON: JSON media types parsed, a form as an object of its fields (text values).</summary>
        private static (JsonNode? Instance, string? Error) Body(string contentType, string body)
        {
            var essence = Essence(contentType);
            if (essence == "application/x-www-form-urlencoded")
            {
                var form = new JsonObject();
                foreach (var (k, v) in Pairs(body)) form[k] = v;
                return (form, null);
            }
            if (essence == "application/json" || essence.EndsWith("+json", StringComparison.Ordinal))
            {
                try { return (JsonNode.Parse(body), null); }
                catch (JsonException e) { return (null, "the body is not JSON: " + e.Message); }
            }
            return (null, "the body's media type " + essence + " cannot be checked");
        }

        /// <summary>A parameter's text values typed as its schema says (form style: an array repeats the name).</summary>
        private static JsonNode? ParameterValue(OpenApiSchema schema, List<string> values)
        {
            static JsonNode? One(OpenApiSchema? s, string text)
            {
                switch (s?.Type)
                {
                    case "integer": return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : JsonValue.Create(text);
                    case "number": return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(text);
                    case "boolean": return text == "true" ? JsonValue.Create(true) : text == "false" ? JsonValue.Create(false) : JsonValue.Create(text);
                    default: return JsonValue.Create(text);
                }
            }
            if (schema.Type == "array") return new JsonArray(values.Select(v => One(schema.Items, v)).ToArray());
            return One(schema, values[^1]);
        }
    }
}
