using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ListingPs.Core;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>Completes from a list of values, filtered by what was typed (prefix, case-insensitive), quoting where needed.</summary>
    public abstract class ListCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<(string Value, string Tooltip)> Values(IDictionary fakeBoundParameters);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            IEnumerable<(string, string)> values;
            try { values = Values(fakeBoundParameters).ToList(); }
            catch (ListingPsException) { yield break; }
            catch (IOException) { yield break; }
            foreach (var (value, tooltip) in values)
            {
                if (!value.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) continue;
                yield return new CompletionResult(CompletionText(value), value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(tooltip) ? value : tooltip);
            }
        }

        private static readonly char[] NeedsQuotes = { ' ', '\'', '$', ';', ',', '(', ')', '{', '}', '&', '#', '|', '@' };

        /// <summary>What completion inserts for a value: the value, in single quotes when the parser would split or expand it.</summary>
        internal static string CompletionText(string value) =>
            value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;

        /// <summary>The rules the command line would use: its -RulePath if given, else the environment's or the module's.</summary>
        protected static RuleSet RulesFor(IDictionary fakeBoundParameters)
        {
            string? explicitPath = null;
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("RulePath"))
            {
                var v = fakeBoundParameters["RulePath"];
                explicitPath = v is IEnumerable e && !(v is string)
                    ? string.Join(Path.PathSeparator.ToString(), e.Cast<object>().Select(o => o?.ToString()))
                    : v?.ToString();
            }
            return RuleCache.Get(RuleLoader.ResolvePaths(explicitPath, ListingPsCmdlet.ModuleRulesDirectory));
        }
    }

    /// <summary>Market ids the rules define, with name and currency as tooltip.</summary>
    public sealed class MarketCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            RulesFor(fakeBoundParameters).Markets.Select(m => (m.Id, m.Name + " (" + m.Currency + (m.IsBase ? ", base" : "") + ")"));
    }

    /// <summary>Markets that take shared offers (allegro-cz, -sk, -hu...).</summary>
    public sealed class AdditionalMarketCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            RulesFor(fakeBoundParameters).Markets.Where(m => !m.IsBase && !string.IsNullOrEmpty(m.ShareFrom))
                .Select(m => (m.Id, m.Name + " (" + m.Currency + ", shares from " + m.ShareFrom + ")"));
    }

    /// <summary>Refusal reason codes with their meaning.</summary>
    public sealed class ReasonCodeCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            ReasonCodes.All.OrderBy(c => c, StringComparer.Ordinal).Select(c => (c, ReasonCodes.Describe(c)));
    }

    /// <summary>Delivery method ids of every market's policy.</summary>
    public sealed class DeliveryMethodCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            RulesFor(fakeBoundParameters).Markets.Where(m => m.Policy != null)
                .SelectMany(m => m.Policy!.DeliveryMethods.Values.Select(d => (d.Id, d.Name + " (" + m.Id + ")")))
                .GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
    }

    /// <summary>Categories the rules name (unavailable, not allowed, translation-exempt).</summary>
    public sealed class CategoryCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var m in RulesFor(fakeBoundParameters).Markets)
            {
                if (m.Policy == null) continue;
                foreach (var (list, what) in new[] { (m.Policy.UnavailableCategories, "unavailable on "), (m.Policy.CategoriesNotAllowed, "not allowed on "), (m.Policy.TranslationExemptCategories, "needs no translation on ") })
                    foreach (var c in list.Entries)
                        if (seen.Add(c)) yield return (c, what + m.Id);
            }
        }
    }

    /// <summary>Currency codes the rules define.</summary>
    public sealed class CurrencyCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            RulesFor(fakeBoundParameters).Currencies.Select(c => (c.Code, "step " + c.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", " + c.Rounding));
    }

    /// <summary>Fixed word lists for the text offer fields (they also accept other spellings, so no ValidateSet).</summary>
    public sealed class SellingFormatCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) => Words("BuyNow", "Auction", "Classified");
        internal static IEnumerable<(string, string)> Words(params string[] w) => w.Select(x => (x, x));
    }

    public sealed class AccountTypeCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) => SellingFormatCompleter.Words("Company", "Personal");
    }

    public sealed class OfferStatusCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) => SellingFormatCompleter.Words("Active", "Inactive", "Ended");
    }

    public sealed class FlagCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) => SellingFormatCompleter.Words("True", "False");
    }

    public sealed class ConditionCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) => SellingFormatCompleter.Words("New", "Used");
    }

    public sealed class FulfillmentCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) => SellingFormatCompleter.Words("Merchant", "FBA");
    }

    public sealed class LanguageCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            RulesFor(fakeBoundParameters).Markets.Where(m => !string.IsNullOrEmpty(m.Language)).Select(m => m.Language)
                .Distinct(StringComparer.OrdinalIgnoreCase).Select(l => (l, l));
    }
}

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>Platforms the rules name.</summary>
    public sealed class PlatformCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) =>
            RulesFor(f).Markets.Select(m => m.Platform).Distinct(StringComparer.OrdinalIgnoreCase).Select(p => (p, p));
    }

    /// <summary>Regions the rules name.</summary>
    public sealed class RegionCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary f) =>
            RulesFor(f).Markets.Select(m => m.Region).Distinct(StringComparer.OrdinalIgnoreCase).Select(r => (r, r));
    }
}

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// Offer ids of the workspace the command line names (its -Workspace, else $env:LISTINGPS_WORKSPACE or the default), by
    /// prefix, with title and market as tooltip. A workspace file that does not exist yet is not created by completing.
    /// </summary>
    public sealed class OfferIdCompleter : IArgumentCompleter
    {
        /// <summary>Completions offered at most (the workspace may hold a million offers).</summary>
        internal const int Limit = 100;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            List<(string OfferId, string? Title, string Market)> found;
            try
            {
                string? explicitPath = fakeBoundParameters != null && fakeBoundParameters.Contains("Workspace") ? fakeBoundParameters["Workspace"]?.ToString() : null;
                string? location = null;
                try { location = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath; }
                catch (PSInvalidOperationException) { /* no file system location: the process's directory */ }
                var path = Core.Workspace.WorkspaceStore.ResolvePath(explicitPath, location);
                if (!Core.Workspace.WorkspaceLocation.IsPostgresText(path) && !File.Exists(path)) yield break;
                found = WorkspaceRegistry.Get(path, use: false).Offers.IdsStartingWith(typed, Limit);
            }
            catch (ListingPsException) { yield break; }
            catch (IOException) { yield break; }
            foreach (var (id, title, market) in found)
            {
                yield return new CompletionResult(ListCompleter.CompletionText(id), id, CompletionResultType.ParameterValue, string.IsNullOrEmpty(title) ? id + " (" + market + ")" : title + " (" + market + ")");
            }
        }
    }

    /// <summary>Completes -Market with the Allegro markets a shipping rate can open.</summary>
    public sealed class AllegroMarketCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            ListingPs.Core.Allegro.AllegroShipping.Markets.Where(m => m.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
                .Select(m => new CompletionResult(m, m, CompletionResultType.ParameterValue, m));
    }
}
