using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ListingPs.Core.Model
{
    /// <summary>
    /// Reasons of a connection's status report rows, each with its message and the recommended next step. Rows of Allegro
    /// targets that the shared-offers verification refused carry that verification's reason code instead (VQR..., LPS1xx).
    /// </summary>
    public static class ConnectionReasons
    {
        // Not synchronized.
        public const string NoDetailPage = "NoDetailPage";
        public const string SourceOfferInactive = "SourceOfferInactive";
        public const string SkuExcluded = "SkuExcluded";
        public const string RestrictedProduct = "RestrictedProduct";
        public const string FilteredOut = "FilteredOut";
        public const string NoSourcePrice = "NoSourcePrice";
        // Notes on synchronized rows.
        public const string ManualPrice = "ManualPrice";
        public const string AwaitingFbaInventory = "AwaitingFbaInventory";
        // Disconnected.
        public const string SourceRemoved = "SourceRemoved";
        public const string WithdrawnOnTarget = "WithdrawnOnTarget";

        private sealed class Template
        {
            public Template(string message, string nextStep) { Message = message; NextStep = nextStep; }
            public string Message { get; }
            public string NextStep { get; }
        }

        private static readonly Dictionary<string, Template> Templates = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase)
        {
            [NoDetailPage] = new Template(
                "Product {productId} has no detail page in the {target} catalogue.",
                "Create the product's detail page on {target}, or import the {target} catalogue again (Import-Catalog -Market {target}) if it is there; then Sync-MarketConnection."),
            [SourceOfferInactive] = new Template(
                "The source offer is {offerStatus} on {source}.",
                "Activate the offer on {source} (Import-Offer with Status Active), then Sync-MarketConnection."),
            [SkuExcluded] = new Template(
                "SKU {sku} is on the connection's exclusion list for {target}.",
                "None if intended; to list it on {target}, leave it out of the exclusion list (-ExcludeSku or excludeSkus in the connection rule file)."),
            [RestrictedProduct] = new Template(
                "Product {productId} is restricted on {target} and needs approval to be sold there.",
                "Apply for approval to sell the product on {target}; once approved, take it off restrictedProducts in the {target} rules and Sync-MarketConnection."),
            [FilteredOut] = new Template(
                "Filtered out by the connection's {setting} setting: the offer is {value}, the setting lists {filter}.",
                "None if intended; to list such offers on {target}, create the connection with -{parameter} {suggestion}."),
            [NoSourcePrice] = new Template(
                "The source offer has no price on {source} to price the target offer from.",
                "Set the offer's price on {source} (Import-Offer with Price), then Sync-MarketConnection."),
            [ManualPrice] = new Template(
                "The price {price} {currency} was set by hand on {target}; Sync does not re-price it.",
                "{manualNextStep}"),
            [AwaitingFbaInventory] = new Template(
                "The FBA offer stays inactive until inventory reaches a fulfilment centre in {target}.",
                "Send inventory to {target}, then record it: Set-FbaInventory -Market {target} -Sku {sku} -Quantity <units>."),
            [SourceRemoved] = new Template(
                "The source offer left the {source} assortment; its target offer on {target} was removed.",
                "None; import the offer on {source} again and Sync-MarketConnection to list it again."),
            [WithdrawnOnTarget] = new Template(
                "The offer was withdrawn from {target} by hand; the connection no longer updates it.",
                "Submit-Offer -Market {target} shares it again; the next Sync-MarketConnection connects it again."),
        };

        /// <summary>NoDetailPage of an offer without a product id: no page can be looked up, and the fix is on the source offer.</summary>
        private static readonly Template NoProductIdTemplate = new Template(
            "The offer has no ProductId (ASIN), so no detail page in the {target} catalogue can be found for it.",
            "Give the offer its ASIN on {source} (Import-Offer with ProductId), then Sync-MarketConnection.");

        /// <summary>The row's template, or null for a reason of the shared-offers verification.</summary>
        private static Template? TemplateOf(ConnectionReportRow row)
        {
            if (!Templates.TryGetValue(row.Reason, out var t)) return null;
            return ReferenceEquals(t, Templates[NoDetailPage]) && string.IsNullOrEmpty(row.ProductId) ? NoProductIdTemplate : t;
        }

        /// <summary>Every connection reason code, for completion and documentation.</summary>
        public static IEnumerable<string> All => Templates.Keys;

        public static bool IsKnown(string code) => Templates.ContainsKey(code) || ReasonCodes.IsKnown(code);

        /// <summary>What a code means, with its placeholders left as names.</summary>
        public static string Describe(string code) =>
            Templates.TryGetValue(code, out var t) ? t.Message : ReasonCodes.IsKnown(code) ? ReasonCodes.Describe(code) : code;

        /// <summary>The row's reason in words.</summary>
        internal static string MessageOf(ConnectionReportRow row)
        {
            if (row.Reason.Length == 0) return "";
            if (TemplateOf(row) is Template t) return Fill(t.Message, row);
            return ReasonCodes.Create(row.Reason, row.ReasonParameters).Message;   // a reason of the shared-offers verification
        }

        /// <summary>What the seller should do next about the row.</summary>
        internal static string NextStepOf(ConnectionReportRow row)
        {
            if (row.Reason.Length == 0)
                return row.Status == SyncStatus.Synchronized && row.Fulfillment == FulfillmentMethod.Merchant && row.TargetOfferState == TargetOfferState.Active
                    && Platforms.IsAmazon(row.TargetPlatform)
                    ? "Review the shipping settings for self-fulfilled offers on " + row.TargetMarket + "."
                    : "";
            if (TemplateOf(row) is Template t) return Fill(t.NextStep, row);
            var hint = ReasonCodes.Create(row.Reason, row.ReasonParameters).Hint;
            return hint.Length > 0 ? hint + " Then Sync-MarketConnection." : "Sync-MarketConnection after fixing the offer.";
        }

        private static string Fill(string template, ConnectionReportRow row) => TemplateText.Render(template, new RowValues(row));

        /// <summary>A row's values for the templates' placeholders: its reason parameters first, then its own fields.</summary>
        private readonly struct RowValues : ITemplateValues
        {
            private readonly ConnectionReportRow _row;
            public RowValues(ConnectionReportRow row) { _row = row; }
            public string Value(string template, int start, int length) => ConnectionReasons.Value(template.Substring(start, length), _row);
        }

        private static string Value(string key, ConnectionReportRow row)
        {
            if (row.ReasonParameters.TryGetValue(key, out var v)) return v;
            switch (key)
            {
                case "sku": return row.Sku;
                case "productId": return row.ProductId ?? "";
                case "source": return row.SourceMarket;
                case "target": return row.TargetMarket;
                case "price": return row.Price.HasValue ? row.Price.Value.ToString(CultureInfo.InvariantCulture) : "-";
                case "currency": return row.Currency;
                case "manualNextStep":
                    return Platforms.IsAmazon(row.TargetPlatform)
                        ? "None if intended; Set-OfferPrice -Market " + row.TargetMarket + " -OfferId " + row.Sku + " -UseConverter returns the offer to the connection's pricing rule."
                        : "None if intended; the price stays as set on " + row.TargetMarket + " (Set-OfferPrice changes it).";
                default: return "?";
            }
        }

        /// <summary>Parameters in the compact stored form "k=v,k=v" (values escaped).</summary>
        internal static string EncodeParameters(IReadOnlyDictionary<string, string>? p)
        {
            if (p == null || p.Count == 0) return "";
            var sb = new StringBuilder();
            foreach (var kv in p)
            {
                if (sb.Length > 0) sb.Append(',');
                sb.Append(kv.Key).Append('=');
                foreach (var ch in kv.Value)
                {
                    if (ch == '\\' || ch == ',' || ch == '=') sb.Append('\\');
                    sb.Append(ch);
                }
            }
            return sb.ToString();
        }

        internal static IReadOnlyDictionary<string, string> DecodeParameters(string? s)
        {
            if (string.IsNullOrEmpty(s)) return TextMap.Empty;
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            int i = 0;
            var text = s!;
            while (i < text.Length)
            {
                int eq = text.IndexOf('=', i);
                if (eq < 0) break;
                var key = text.Substring(i, eq - i);
                i = eq + 1;
                var val = new StringBuilder();
                while (i < text.Length && text[i] != ',')
                {
                    if (text[i] == '\\' && i + 1 < text.Length) { val.Append(text[i + 1]); i += 2; continue; }
                    val.Append(text[i]); i++;
                }
                d[key] = val.ToString();
                i++;
            }
            return new TextMap(d);
        }
    }
}
