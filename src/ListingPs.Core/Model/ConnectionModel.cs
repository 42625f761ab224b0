using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ListingPs.Core.Model
{
    /// <summary>Which source offers a connection lists on its targets, by condition (Amazon: "New" or "New and Used").</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum ConnectionOfferCondition { New, NewAndUsed }

    /// <summary>Which source offers a connection lists on its targets, by fulfilment (Amazon: FBA only, self-fulfilled only, or both).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum FulfillmentFilter { All, FBA, Merchant }

    /// <summary>How a target price follows the source price: the rule is applied to the source price, then converted, then rounded.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum PricingRuleKind
    {
        /// <summary>The source price, converted.</summary>
        SameAsSource,
        /// <summary>The source price plus a fixed amount in the source currency, converted.</summary>
        AmountAbove,
        /// <summary>The source price plus a percentage, converted.</summary>
        PercentAbove,
        /// <summary>The source price minus a percentage, converted.</summary>
        PercentBelow,
    }

    /// <summary>Synchronization status of one source offer on one target (the status report's column).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum SyncStatus { Synchronized, NotSynchronized, Disconnected }

    /// <summary>What exists on the target for a source offer.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum TargetOfferState
    {
        /// <summary>No target offer was created.</summary>
        None,
        /// <summary>The target offer is listed and sellable.</summary>
        Active,
        /// <summary>The target offer exists but does not sell (FBA without inventory in the target, or the source offer is no longer eligible).</summary>
        Inactive,
        /// <summary>The target offer was removed because its source offer left the assortment.</summary>
        Removed,
    }

    /// <summary>Where a target price came from.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum TargetPriceSource
    {
        None,
        /// <summary>The connection's pricing rule; Sync keeps it in step with the source price and the exchange rate.</summary>
        Rule,
        /// <summary>Set by hand on the target; Sync never overwrites it.</summary>
        Manual,
    }

    /// <summary>A connection's state: Active, or SyncDue when source offers, rates or catalogues changed since the last processing.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum ConnectionState { Active, SyncDue }

    /// <summary>What one processing run (creation, added targets, sync) did, and where the connection's offers stand now.</summary>
    public sealed class ConnectionSummary
    {
        /// <summary>Source offer x target pairs evaluated by the run.</summary>
        public long Evaluated { get; set; }
        /// <summary>Target offers the run created.</summary>
        public long Created { get; set; }
        /// <summary>Target offers the run changed (price or state).</summary>
        public long Updated { get; set; }
        /// <summary>Target offers the run left as they were.</summary>
        public long Unchanged { get; set; }
        /// <summary>Target offers the run removed because their source offer left the assortment.</summary>
        public long Removed { get; set; }
        /// <summary>Target prices set by hand that the run kept.</summary>
        public long ManualPricesKept { get; set; }
        /// <summary>Target prices the run left alone because the exchange rate moved less than 1%.</summary>
        public long RateMovesSkipped { get; set; }
        /// <summary>Rows of the whole connection (every source offer x target) by status, after the run.</summary>
        public long Synchronized { get; set; }
        public long NotSynchronized { get; set; }
        public long Disconnected { get; set; }
        /// <summary>Not-synchronized rows of the whole connection by reason; prints as "NoDetailPage=3, SkuExcluded=1".</summary>
        public IReadOnlyDictionary<string, string> ByReason { get => _byReason; set => _byReason = TextMap.From(value); }
        private TextMap _byReason = TextMap.Empty;

        public override string ToString()
        {
            var ci = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.Append(string.Format(ci, "created {0}, updated {1}, removed {2}; synchronized {3}, not synchronized {4}", Created, Updated, Removed, Synchronized, NotSynchronized));
            if (_byReason.Count > 0) sb.Append(" (").Append(_byReason).Append(')');
            if (Disconnected > 0) sb.Append(string.Format(ci, ", disconnected {0}", Disconnected));
            return sb.ToString();
        }

        internal string Encode()
        {
            var ci = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.Append("evaluated=").Append(Evaluated.ToString(ci)).Append(";created=").Append(Created.ToString(ci))
              .Append(";updated=").Append(Updated.ToString(ci)).Append(";unchanged=").Append(Unchanged.ToString(ci))
              .Append(";removed=").Append(Removed.ToString(ci)).Append(";manual=").Append(ManualPricesKept.ToString(ci))
              .Append(";rateSkipped=").Append(RateMovesSkipped.ToString(ci));
            return sb.ToString();
        }

        internal static ConnectionSummary Decode(string? text)
        {
            var s = new ConnectionSummary();
            if (string.IsNullOrEmpty(text)) return s;
            foreach (var part in text!.Split(';'))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0) continue;
                long.TryParse(part.Substring(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v);
                switch (part.Substring(0, eq))
                {
                    case "evaluated": s.Evaluated = v; break;
                    case "created": s.Created = v; break;
                    case "updated": s.Updated = v; break;
                    case "unchanged": s.Unchanged = v; break;
                    case "removed": s.Removed = v; break;
                    case "manual": s.ManualPricesKept = v; break;
                    case "rateSkipped": s.RateMovesSkipped = v; break;
                }
            }
            return s;
        }
    }

    /// <summary>A market connection: one source market, its target markets, the rules it lists and prices by, and what its last processing did.</summary>
    public sealed class MarketConnection
    {
        public string ConnectionId { get; set; } = "";
        public string SourceMarket { get; set; } = "";
        /// <summary>The target markets in the order they were added; prints as "amazon-ca;amazon-mx".</summary>
        public IReadOnlyList<string> TargetMarkets { get => _targets; set => _targets = TextList<string>.From(value); }
        private TextList<string> _targets = TextList<string>.Empty;
        public ConnectionState State { get; set; }
        /// <summary>amazon or allegro.</summary>
        public string Platform { get; set; } = "";
        /// <summary>The source market's region (NA, EU, FE, allegro).</summary>
        public string Region { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        /// <summary>When the seller acknowledged the obligations on the targets (the last time targets were added).</summary>
        public DateTimeOffset ObligationsAcceptedAt { get; set; }
        /// <summary>When the connection was last processed (created, targets added, synchronized).</summary>
        public DateTimeOffset? SyncedAt { get; set; }
        /// <summary>What the last processing did and where the connection's offers stand.</summary>
        public ConnectionSummary Summary { get; set; } = new ConnectionSummary();
        /// <summary>The offer-creation and pricing rules; prints as a one-line summary, <see cref="ConnectionRules.ToYaml"/> gives the rule file.</summary>
        public ConnectionRules Rules { get; set; } = new ConnectionRules();

        /// <summary>Target offers the last processing created.</summary>
        public long OffersCreated => Summary.Created;
        /// <summary>Rows (source offer x target) not synchronized after the last processing.</summary>
        public long NotSynchronized => Summary.NotSynchronized;

        public override string ToString() => ConnectionId;
    }

    /// <summary>One row of a connection's status report: a source offer (SKU) on one target market.</summary>
    public sealed class ConnectionReportRow
    {
        public string ConnectionId { get; set; } = "";
        /// <summary>When the row was last evaluated.</summary>
        public DateTimeOffset SyncDate { get; set; }
        public string Sku { get; set; } = "";
        /// <summary>The catalogue product (ASIN on Amazon).</summary>
        public string? ProductId { get; set; }
        public string SourceMarket { get; set; } = "";
        public string TargetMarket { get; set; } = "";
        /// <summary>
        /// The target market's platform (allegro, amazon), which <see cref="NextStep"/> and <see cref="Message"/> depend on. Not
        /// stored with the row: the connection service sets it from the target's market rule on every row it hands out.
        /// </summary>
        internal string TargetPlatform { get; set; } = "";
        /// <summary>The target offer's price in the target currency; null when no target offer exists.</summary>
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        public TargetPriceSource PriceSource { get; set; }
        public SyncStatus Status { get; set; }
        /// <summary>Why the row is not synchronized (or a note on a synchronized one: ManualPrice, AwaitingFbaInventory); empty when none.</summary>
        public string Reason { get; set; } = "";
        /// <summary>The reason in words (rendered from the reason and the row when read).</summary>
        public string Message => ConnectionReasons.MessageOf(this);
        /// <summary>What the seller should do next (rendered from the reason and the row when read).</summary>
        public string NextStep => ConnectionReasons.NextStepOf(this);
        public TargetOfferState TargetOfferState { get; set; }
        /// <summary>The pricing rule that priced the offer ("AmountAbove 1"); empty for a price set by hand.</summary>
        public string PricingRule { get; set; } = "";
        public decimal? SourcePrice { get; set; }
        public string SourceCurrency { get; set; } = "";
        /// <summary>The rate the target price was converted with (source currency to target currency).</summary>
        public decimal? ExchangeRate { get; set; }
        public string? RateSource { get; set; }
        public FulfillmentMethod Fulfillment { get; set; }

        /// <summary>The reason's parameters, as stored (name=value pairs).</summary>
        internal IReadOnlyDictionary<string, string> ReasonParameters { get; set; } = TextMap.Empty;

        public override string ToString() => Sku + " -> " + TargetMarket + ": " + Status + (Reason.Length > 0 ? " (" + Reason + ")" : "");
    }

    /// <summary>What Get-ConnectionReport reads: every condition set must hold.</summary>
    public sealed class ConnectionReportQuery
    {
        /// <summary>Connection ids (wildcards allowed).</summary>
        public IReadOnlyList<string>? ConnectionIds { get; set; }
        public IReadOnlyList<string>? TargetMarkets { get; set; }
        public IReadOnlyList<SyncStatus>? Statuses { get; set; }
        public IReadOnlyList<string>? Reasons { get; set; }
        /// <summary>SKUs (wildcards allowed).</summary>
        public IReadOnlyList<string>? Skus { get; set; }
        /// <summary>Keyset paging: rows after this (target, sku).</summary>
        public (string Target, string Sku)? After { get; set; }
        public int? Limit { get; set; }
    }

    /// <summary>The seller's account settings that connections depend on: which regions' accounts are linked.</summary>
    public sealed class SellerProfile
    {
        public string? SellerName { get; set; }
        /// <summary>Regions whose accounts are linked (NA, EU, FE); a second source market must be in one of them. Prints as "EU;FE".</summary>
        public IReadOnlyList<string> LinkedRegions { get => _regions; set => _regions = TextList<string>.From(value); }
        private TextList<string> _regions = TextList<string>.Empty;
        public DateTimeOffset? UpdatedAt { get; set; }

        public bool IsLinked(string region)
        {
            foreach (var r in _regions) if (string.Equals(r, region, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        public override string ToString() => (SellerName ?? "(unnamed seller)") + ": linked " + (_regions.Count == 0 ? "none" : _regions.ToString());
    }

    /// <summary>FBA inventory recorded for a SKU in a target marketplace's fulfilment centres.</summary>
    public sealed class FbaInventoryRecord
    {
        public string Market { get; set; } = "";
        public string Sku { get; set; } = "";
        public int Quantity { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        /// <summary>The state of the SKU's target offer on the market after the change (None when no connection lists it there).</summary>
        public TargetOfferState TargetOfferState { get; set; }
        public override string ToString() => Sku + " @ " + Market + ": " + Quantity.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>What Import-Catalog did for one market.</summary>
    public sealed class CatalogImportResult
    {
        public string Market { get; set; } = "";
        /// <summary>Product ids read (duplicates included).</summary>
        public long Read { get; set; }
        /// <summary>Products the market's catalogue holds now.</summary>
        public long Total { get; set; }
        public bool Replaced { get; set; }
        public override string ToString() => Market + ": " + Total.ToString(CultureInfo.InvariantCulture) + " products";
    }
}
