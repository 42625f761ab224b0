using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace ListingPs.HelpGen
{
    public sealed class ParameterHelp
    {
        public string Name { get; set; } = "";
        public Type Type { get; set; } = typeof(object);
        public List<string> Description { get; set; } = new List<string>();
        public bool Required { get; set; }
        public string Position { get; set; } = "named";
        public string PipelineInput { get; set; } = "False";
        public bool Globbing { get; set; }
        public List<string> Aliases { get; set; } = new List<string>();
        public string DefaultValue { get; set; } = "None";
        public List<string> AcceptedValues { get; set; } = new List<string>();
        public bool IsSwitch => Type == typeof(SwitchParameter);
        public bool DontShow { get; set; }
        public bool VariableLength => Type.IsArray;
        /// <summary>WhatIf and Confirm: described by the generator, not by the cmdlet.</summary>
        public bool IsRiskParameter { get; set; }
    }

    public sealed class SyntaxItem
    {
        public string SetName { get; set; } = "";
        public List<(ParameterHelp Parameter, bool Required, string Position)> Parameters { get; } = new List<(ParameterHelp, bool, string)>();
    }

    /// <summary>Everything the MAML says about one cmdlet.</summary>
    public sealed class CommandHelp
    {
        public string Name { get; set; } = "";
        public string Verb { get; set; } = "";
        public string Noun { get; set; } = "";
        public string Synopsis { get; set; } = "";
        public List<string> Description { get; set; } = new List<string>();
        public List<ParameterHelp> Parameters { get; } = new List<ParameterHelp>();
        public List<SyntaxItem> Syntax { get; } = new List<SyntaxItem>();
        public List<(string Type, string Description)> Inputs { get; } = new List<(string, string)>();
        public List<(string Type, string Description)> Outputs { get; } = new List<(string, string)>();
        public List<string> Notes { get; } = new List<string>();
        public List<Example> Examples { get; } = new List<Example>();
        public List<string> Related { get; } = new List<string>();
        public bool ExampleFileFound { get; set; }

        /// <summary>What the help lacks; each becomes a build warning.</summary>
        public IEnumerable<string> Gaps()
        {
            if (Synopsis.Length == 0) yield return "no synopsis (<para type=\"synopsis\"> on the cmdlet class)";
            if (Description.Count == 0) yield return "no description (<para type=\"description\"> on the cmdlet class)";
            foreach (var p in Parameters.Where(p => p.Description.Count == 0))
                yield return "parameter -" + p.Name + " has no description (<summary> on its property)";
            if (!ExampleFileFound) yield return "no examples file (docs/examples/" + Name + ".md)";
            else if (Examples.Count < 2) yield return "only " + Examples.Count + " example(s) in docs/examples/" + Name + ".md (at least two)";
            foreach (var e in Examples.Where(e => e.Code.Trim().Length == 0)) yield return "example '" + e.Title + "' has no code";
        }

        private static readonly Dictionary<string, string> OutputDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ListingPs.Core.Model.ShareRecord"] = "One offer's share to one market: OfferId, Market, State, Reasons (each with Code, Message and Hint), ReasonCodes, FirstReason, Hints, Price and Currency, PriceSource, BasePrice, ExchangeRate and RateSource, Delivery, Warnings, OfferStatus, UpdatedAt.",
            ["ListingPs.Core.Model.Offer"] = "An offer of the assortment on its own market: OfferId, Title, Category, Price, Market, SellingFormat, AccountType, B2BOnly, Charity, ProductId, Status, DeliveryMethods, Translations, Condition, Fulfillment, UpdatedAt.",
            ["ListingPs.Core.Rules.MarketRule"] = "A market the rules define: Id, Name, Platform, Region, Country, Currency, Language, IsBase, ShareFrom, Launched, Policy (the sales policy for shared offers), DefinedAt.",
            ["ListingPs.Core.Rules.ExchangeRateRule"] = "An exchange rate: 1 From = Rate To, with its Source and Date.",
            ["ListingPs.Core.Reports.ReportSummary"] = "Where the report was written (Path, CsvPath) and its headline counts: Total, ToFix, Counts by status, TopReasons.",
        };

        private static readonly HashSet<string> Common = new HashSet<string>(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);
        private static readonly HashSet<string> Risk = new HashSet<string>(new[] { "WhatIf", "Confirm" }, StringComparer.OrdinalIgnoreCase);

        public static CommandHelp From(CmdletInfo cmdlet, DocComments docs, ExampleFile examples, IReadOnlyList<CmdletInfo> all)
        {
            var type = cmdlet.ImplementingType;
            var help = new CommandHelp
            {
                Name = cmdlet.Name,
                Verb = cmdlet.Verb,
                Noun = cmdlet.Noun,
                Synopsis = docs.Synopsis(type),
                Description = docs.Description(type),
                ExampleFileFound = examples.Exists,
            };
            object? instance = null;
            try { instance = Activator.CreateInstance(type); } catch (Exception) { /* defaults stay "None" */ }

            var byName = new Dictionary<string, ParameterHelp>(StringComparer.OrdinalIgnoreCase);
            foreach (var meta in cmdlet.Parameters.Values)
            {
                if (Common.Contains(meta.Name)) continue;
                var property = type.GetProperty(meta.Name, BindingFlags.Public | BindingFlags.Instance);
                var sets = meta.ParameterSets.Values.ToList();
                var p = new ParameterHelp
                {
                    Name = meta.Name,
                    Type = meta.ParameterType,
                    Description = Risk.Contains(meta.Name) ? RiskDescription(meta.Name) : docs.Parameter(property),
                    IsRiskParameter = Risk.Contains(meta.Name),
                    Required = sets.Any(s => s.IsMandatory),
                    Position = PositionText(sets.Select(s => s.Position)),
                    PipelineInput = PipelineText(sets.Any(s => s.ValueFromPipeline), sets.Any(s => s.ValueFromPipelineByPropertyName)),
                    Globbing = meta.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
                    Aliases = meta.Aliases.ToList(),
                    DontShow = meta.Attributes.OfType<ParameterAttribute>().Any() && meta.Attributes.OfType<ParameterAttribute>().All(a => a.DontShow),
                    AcceptedValues = AcceptedValues(meta),
                    DefaultValue = DefaultValue(instance, property),
                };
                byName[p.Name] = p;
                help.Parameters.Add(p);
            }
            // Parameters in the order a reader meets them: positional first, then mandatory, then the rest; shared ones last.
            help.Parameters.Sort((a, b) => Rank(a, type).CompareTo(Rank(b, type)));

            foreach (var set in cmdlet.ParameterSets.OrderByDescending(s => s.IsDefault))
            {
                var item = new SyntaxItem { SetName = set.Name };
                var ps = set.Parameters.Where(x => byName.ContainsKey(x.Name) && !byName[x.Name].DontShow)
                    .OrderBy(x => x.Position >= 0 ? x.Position : int.MaxValue)
                    .ThenBy(x => x.IsMandatory ? 0 : 1)
                    .ThenBy(x => Risk.Contains(x.Name) ? 1 : 0)
                    .ThenBy(x => help.Parameters.IndexOf(byName[x.Name]));
                foreach (var x in ps)
                    item.Parameters.Add((byName[x.Name], x.IsMandatory, x.Position >= 0 ? x.Position.ToString(CultureInfo.InvariantCulture) : "named"));
                help.Syntax.Add(item);
            }

            var byValue = help.Parameters.Where(p => p.PipelineInput.Contains("ByValue")).ToList();
            foreach (var p in byValue)
                help.Inputs.Add((TypeName(p.Type, full: true), p.Description.FirstOrDefault() ?? ""));
            var byProperty = help.Parameters.Where(p => p.PipelineInput.Contains("ByPropertyName")).Select(p => p.Name).ToList();
            if (byProperty.Count > 0)
                help.Inputs.Add(("System.Management.Automation.PSObject",
                    "Any object whose properties are named like these parameters binds by property name (Import-Csv rows, ListingPs's own records): " + string.Join(", ", byProperty) + "."));
            if (help.Inputs.Count == 0) help.Inputs.Add(("None", "This cmdlet takes no pipeline input."));

            foreach (var t in cmdlet.OutputType)
                help.Outputs.Add((t.Name, OutputDescriptions.TryGetValue(t.Name, out var d) ? d : ""));
            if (help.Outputs.Count == 0) help.Outputs.Add(("None", "This cmdlet writes no objects to the pipeline."));

            help.Notes.AddRange(examples.Notes);
            if (byName.ContainsKey("WhatIf"))
                help.Notes.Add("Changes only what it reports with -WhatIf, and asks first with -Confirm. ListingPs cmdlets never prompt unless asked to or ConfirmImpact is High.");
            help.Notes.Add("Every ListingPs cmdlet takes -Workspace (default: $env:LISTINGPS_WORKSPACE, else ListingPs/workspace.db in the user's profile) and -RulePath (default: $env:LISTINGPS_RULES, else the module's rules folder). See about_ListingPs.");

            help.Examples.AddRange(examples.Examples);
            var related = new List<string>(examples.Related);
            foreach (var other in all)
                if (other.Name != cmdlet.Name && other.Noun == cmdlet.Noun && !related.Contains(other.Name)) related.Add(other.Name);
            if (!related.Contains("about_ListingPs")) related.Add("about_ListingPs");
            help.Related.AddRange(related);
            return help;
        }

        private static int Rank(ParameterHelp p, Type cmdlet)
        {
            if (p.IsRiskParameter) return 5;
            if (p.Name == "Workspace" || p.Name == "RulePath") return 4;
            if (p.DontShow) return 3;
            if (p.Position != "named") return 0;
            return p.Required ? 1 : 2;
        }

        private static List<string> RiskDescription(string name) => name.Equals("WhatIf", StringComparison.OrdinalIgnoreCase)
            ? new List<string> { "Shows what would happen if the cmdlet runs. The cmdlet is not run and nothing is changed." }
            : new List<string> { "Prompts you for confirmation before running the cmdlet." };

        private static string PositionText(IEnumerable<int> positions)
        {
            var p = positions.Where(x => x >= 0).ToList();
            return p.Count == 0 ? "named" : p.Min().ToString(CultureInfo.InvariantCulture);
        }

        private static string PipelineText(bool byValue, bool byName)
        {
            if (byValue && byName) return "True (ByPropertyName, ByValue)";
            if (byValue) return "True (ByValue)";
            if (byName) return "True (ByPropertyName)";
            return "False";
        }

        private static List<string> AcceptedValues(ParameterMetadata meta)
        {
            var set = meta.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
            if (set != null) return set.ValidValues.ToList();
            var t = meta.ParameterType.IsArray ? meta.ParameterType.GetElementType()! : meta.ParameterType;
            t = Nullable.GetUnderlyingType(t) ?? t;
            return t.IsEnum ? Enum.GetNames(t).ToList() : new List<string>();
        }

        private static string DefaultValue(object? instance, PropertyInfo? property)
        {
            if (instance == null || property == null || !property.CanRead) return "None";
            object? v;
            try { v = property.GetValue(instance); } catch (Exception) { return "None"; }
            switch (v)
            {
                case null: return "None";
                case SwitchParameter s: return s.IsPresent ? "True" : "False";
                case string s: return s.Length == 0 ? "None" : s;
                case Array a: return a.Length == 0 ? "None" : string.Join(", ", a.Cast<object>());
                case IFormattable f when IsZero(v): return "None";
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                default: return v.ToString() ?? "None";
            }
        }

        private static bool IsZero(object v)
        {
            try { return !(v is Enum) && Convert.ToDecimal(v, CultureInfo.InvariantCulture) == 0m; }
            catch (Exception) { return false; }
        }

        /// <summary>"String[]", "Decimal", "SwitchParameter"; with <paramref name="full"/> the namespace-qualified name.</summary>
        public static string TypeName(Type t, bool full = false)
        {
            var u = Nullable.GetUnderlyingType(t);
            if (u != null) return TypeName(u, full);
            if (t.IsArray) return TypeName(t.GetElementType()!, full) + "[]";
            return full ? t.FullName ?? t.Name : t.Name;
        }
    }
}
