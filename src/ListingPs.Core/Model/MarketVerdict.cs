using System;
using System.Collections.Generic;
using System.Linq;

namespace ListingPs.Core.Model
{
    /// <summary>A refusal reason the marketplace gave (its code kept as sent, known to ListingPs or not), with its text and parameters.</summary>
    public sealed class MarketReason
    {
        public MarketReason(string code, string message, IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters = null)
        {
            Code = code; Message = message;
            Parameters = parameters ?? new Dictionary<string, IReadOnlyList<string>>();
        }

        public string Code { get; }
        /// <summary>The marketplace's own text for the seller (Allegro's userMessage).</summary>
        public string Message { get; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; }

        public override string ToString() => Code;
    }

    /// <summary>How the local verdict and the marketplace's differ.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum Disagreement
    {
        /// <summary>Both agree, or the marketplace has not decided yet.</summary>
        None,
        /// <summary>ListingPs approved the offer, the marketplace refused it.</summary>
        MarketRefused,
        /// <summary>ListingPs refused the offer, the marketplace approved it.</summary>
        MarketApproved,
        /// <summary>Both refused it, for different reasons.</summary>
        Reasons,
    }

    /// <summary>
    /// An offer on one additional market as the marketplace itself has it (Allegro's publication state and refusal reasons,
    /// the price there, the shipping rate that opens the market), beside ListingPs's own verdict of the same offer.
    /// </summary>
    public sealed class MarketVerdict
    {
        public string OfferId { get; set; } = "";
        public string Market { get; set; } = "";
        /// <summary>The marketplace's state (null when it sent one ListingPs does not know: see <see cref="MarketStateText"/>).</summary>
        public ShareState? MarketState { get; set; }
        public string MarketStateText { get; set; } = "";
        public IReadOnlyList<MarketReason> MarketReasons { get; set; } = Array.Empty<MarketReason>();
        /// <summary>The price the marketplace holds for the offer on this market, in <see cref="Currency"/>.</summary>
        public decimal? MarketPrice { get; set; }
        public string Currency { get; set; } = "";
        /// <summary>The shipping rate the offer uses on the marketplace (its name, else its id).</summary>
        public string ShippingRate { get; set; } = "";
        /// <summary>The price ListingPs last sent for this market, and when (null when it sent none).</summary>
        public decimal? SentPrice { get; set; }
        public DateTimeOffset? SentAt { get; set; }
        public DateTimeOffset SyncedAt { get; set; }

        /// <summary>A marketplace's publication state (Allegro's APPROVED, REFUSED, IN_PROGRESS, PENDING, NOT_REQUESTED) as ListingPs's; null for one it does not know.</summary>
        public static ShareState? ParseState(string text) => text switch
        {
            "APPROVED" => ShareState.Approved,
            "REFUSED" => ShareState.Refused,
            "IN_PROGRESS" => ShareState.InProgress,
            "PENDING" => ShareState.Pending,
            "NOT_REQUESTED" => ShareState.NotRequested,
            _ => null,
        };

        /// <summary>ListingPs's own verdict of the offer on the market (from the workspace), null when it has none.</summary>
        public ShareState? LocalState { get; set; }
        public IReadOnlyList<Reason> LocalReasons { get; set; } = Array.Empty<Reason>();

        /// <summary>The marketplace's state when known, else the local one: what a seller sees first.</summary>
        public ShareState? State => MarketState ?? LocalState;

        /// <summary>The marketplace's reason codes joined with ';'.</summary>
        public string MarketReasonCodes => string.Join(";", MarketReasons.Select(r => r.Code));

        /// <summary>The local reason codes joined with ';'.</summary>
        public string LocalReasonCodes => string.Join(";", LocalReasons.Select(r => r.Code));

        /// <summary>How the two verdicts differ, reason by reason (a marketplace code is matched to the local code of the same name).</summary>
        public Disagreement Disagreement
        {
            get
            {
                if (LocalState == null || (MarketState != ShareState.Approved && MarketState != ShareState.Refused)) return Disagreement.None;
                bool localRefused = LocalState == ShareState.Refused;
                bool marketRefused = MarketState == ShareState.Refused;
                if (!localRefused && marketRefused) return Disagreement.MarketRefused;
                if (localRefused && !marketRefused) return Disagreement.MarketApproved;
                if (!localRefused) return Disagreement.None;
                var local = new HashSet<string>(LocalReasons.Select(r => r.Code), StringComparer.OrdinalIgnoreCase);
                var market = new HashSet<string>(MarketReasons.Select(r => r.Code), StringComparer.OrdinalIgnoreCase);
                return local.SetEquals(market) ? Disagreement.None : Disagreement.Reasons;
            }
        }
    }
}
