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
        public IReadOnlyList<Reason> Reasons { get; set; } = Array.Empty<Reason>();
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        public PriceSource PriceSource { get; set; }
        public decimal? BasePrice { get; set; }
        public string BaseCurrency { get; set; } = "";
        public decimal? ExchangeRate { get; set; }
        /// <summary>Where the rate came from, e.g. "NBP 2023-03-21".</summary>
        public string? RateSource { get; set; }
        public TranslationKind Translation { get; set; }
        public IReadOnlyList<DeliveryQuote> Delivery { get; set; } = Array.Empty<DeliveryQuote>();
        public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();
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

        public bool HasReason(string code)
        {
            foreach (var r in Reasons) if (string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
