using System;
using System.Collections.Generic;
using ListingPs.Core.Model;

namespace ListingPs.Core.Workspace
{
    /// <summary>The seller's market filter: market, offer status, verification state, rejection reason.</summary>
    public sealed class ShareQuery
    {
        public IReadOnlyList<string>? Markets { get; set; }
        /// <summary>Offer ids or PowerShell wildcard patterns.</summary>
        public IReadOnlyList<string>? OfferIds { get; set; }
        public IReadOnlyList<ShareState>? States { get; set; }
        /// <summary>Reason codes: a share matches when it has any of them.</summary>
        public IReadOnlyList<string>? Reasons { get; set; }
        public IReadOnlyList<OfferStatus>? OfferStatuses { get; set; }
        /// <summary>Keyset paging: only shares after this (market, offer id).</summary>
        public (string Market, string OfferId)? After { get; set; }
        public int? Limit { get; set; }
    }

    /// <summary>
    /// Offers shared to other markets and ListingPs's verdicts on them: the shares and share_reasons tables
    /// (<see cref="WorkspaceStore.Shares"/>). <c>deliveryNames</c> gives a delivery method's display name by (market, method
    /// id), from the caller's rules (the workspace holds no rules); without it the name is the id.
    /// </summary>
    public interface IShareStore
    {
        /// <summary>The share record of the offer on the market, or null.</summary>
        ShareRecord? Get(string market, string offerId, Func<string, string, string>? deliveryNames = null);

        /// <summary>The offer's share records by market.</summary>
        List<ShareRecord> GetForOffer(string offerId, Func<string, string, string>? deliveryNames = null);

        /// <summary>The shares of <paramref name="market"/> for offers from <paramref name="fromId"/> to <paramref name="toId"/> (a page of source offers), by offer id.</summary>
        Dictionary<string, ShareRecord> GetInRange(string market, string fromId, string toId, Func<string, string, string>? deliveryNames = null);

        /// <summary>Writes the share and its reason index. <paramref name="hadReasons"/>: the stored share may have reasons to clear.</summary>
        void Upsert(ShareRecord s, bool autoTranslate, bool hadReasons = true);

        /// <summary>One page of share records matching the filter, ordered by market and offer id.</summary>
        List<ShareRecord> Query(ShareQuery q, Func<string, string, string>? deliveryNames = null);

        /// <summary>Counts shares by state for a market (used by summaries and the report).</summary>
        Dictionary<ShareState, long> CountByState(string market);

        /// <summary>Counts shares by reason code for a market.</summary>
        Dictionary<string, long> CountByReason(string market);
    }
}
