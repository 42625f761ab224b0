using System;
using System.Collections.Generic;

namespace ListingPs.Core.Model
{
    /// <summary>An offer's share to one additional market: its verification state, reasons and market price.</summary>
    public sealed class ShareRecord
    {
        public string OfferId { get; set; } = "";
        public string Market { get; set; } = "";
        public ShareState State { get; set; }
        /// <summary>Every reason the offer is refused for; prints as the codes joined with ';'.</summary>
        public IReadOnlyList<Reason> Reasons { get => _reasons; set => _reasons = TextList<Reason>.From(value); }
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        public PriceSource PriceSource { get; set; }
        public decimal? BasePrice { get; set; }
        public string BaseCurrency { get; set; } = "";
        public decimal? ExchangeRate { get; set; }
        /// <summary>Where the rate came from, e.g. "NBP 2023-03-21".</summary>
        public string? RateSource { get; set; }
        public TranslationKind Translation { get; set; }
        /// <summary>Automatic translation was requested for the offer on this market (it is kept for later verifications).</summary>
        public bool AutoTranslate { get; set; }
        /// <summary>The delivery methods that serve the market, with their market price; prints as "method price currency; ...".</summary>
        public IReadOnlyList<DeliveryQuote> Delivery { get => _delivery; set => _delivery = TextList<DeliveryQuote>.From(value, "; "); }
        /// <summary>Warnings of the last verification (e.g. a price more than 10% from the converted base price); prints joined with "; ".</summary>
        public IReadOnlyList<string> Warnings { get => _warnings; set => _warnings = TextList<string>.From(value, "; "); }
        private TextList<Reason> _reasons = TextList<Reason>.Empty;
        private TextList<DeliveryQuote> _delivery = TextList<DeliveryQuote>.From(null, "; ");
        private TextList<string> _warnings = TextList<string>.From(null, "; ");
        /// <summary>The offer's own status at the time of the last verification.</summary>
        public OfferStatus OfferStatus { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }

        /// <summary>The reason codes joined with ';' (flat, for tables, CSV and filters).</summary>
        public string ReasonCodes
        {
            get
            {
                if (Reasons.Count == 0) return "";
                if (Reasons.Count == 1) return Reasons[0].Code;
                var codes = new string[Reasons.Count];
                for (int i = 0; i < codes.Length; i++) codes[i] = Reasons[i].Code;
                return string.Join(";", codes);
            }
        }

        /// <summary>The first reason's code, or empty: what a table shows in one column.</summary>
        public string FirstReason => Reasons.Count == 0 ? "" : Reasons[0].Code;

        /// <summary>What to change, every reason's hint joined with " | " (flat, for CSV and reports).</summary>
        public string Hints
        {
            get
            {
                if (Reasons.Count == 0) return "";
                if (Reasons.Count == 1) return Reasons[0].Hint;
                var hints = new string[Reasons.Count];
                for (int i = 0; i < hints.Length; i++) hints[i] = Reasons[i].Hint;
                return string.Join(" | ", hints);
            }
        }

        public bool HasReason(string code)
        {
            foreach (var r in Reasons) if (string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
