using System.Collections.Generic;
using ListingPs.Core.Model;

namespace ListingPs.Core.Workspace
{
    /// <summary>What <see cref="IOfferStore.Query"/> returns: every condition set must hold.</summary>
    public sealed class OfferQuery
    {
        /// <summary>Offer ids or PowerShell wildcard patterns (*, ?).</summary>
        public IReadOnlyList<string>? OfferIds { get; set; }
        public IReadOnlyList<string>? Markets { get; set; }
        public IReadOnlyList<OfferStatus>? Statuses { get; set; }
        /// <summary>Keyset paging: only offers whose id sorts after this one.</summary>
        public string? AfterOfferId { get; set; }
        public int? Limit { get; set; }
    }

    /// <summary>What the visibility check needs of an offer's share on the checked market.</summary>
    public readonly struct ShareSummary
    {
        public ShareSummary(ShareState state, bool hasPrice, bool autoTranslate, bool hasReasons)
        {
            State = state; HasPrice = hasPrice; AutoTranslate = autoTranslate; HasReasons = hasReasons;
        }
        public ShareState State { get; }
        public bool HasPrice { get; }
        public bool AutoTranslate { get; }
        public bool HasReasons { get; }
    }

    /// <summary>The seller's assortment: the offers table (<see cref="WorkspaceStore.Offers"/>).</summary>
    public interface IOfferStore
    {
        /// <summary>The stored offer, or null.</summary>
        Offer? Get(string offerId);

        /// <summary>Whether an offer of that id is stored.</summary>
        bool Exists(string offerId);

        /// <summary>Adds the offer or updates every field of the stored one.</summary>
        void Upsert(Offer o);

        /// <summary>Removes an offer and everything shared from it.</summary>
        bool Delete(string offerId);

        /// <summary>One page of offers in id order (use <see cref="OfferQuery.AfterOfferId"/> and a limit to walk them all).</summary>
        List<Offer> Query(OfferQuery q);

        /// <summary>How many offers are stored, of one market or of all.</summary>
        long Count(string? market = null);

        /// <summary>Offer ids starting with <paramref name="prefix"/> (tab completion), with title and market, in id order.</summary>
        List<(string OfferId, string? Title, string Market)> IdsStartingWith(string prefix, int limit);

        /// <summary>
        /// Offers listed on <paramref name="baseMarket"/> that have no share record for <paramref name="market"/>
        /// (the NotRequested state of the seller's filter), in id order.
        /// </summary>
        List<Offer> QueryUnshared(string market, string baseMarket, IReadOnlyList<string>? offerIds, IReadOnlyList<OfferStatus>? statuses,
            string? afterOfferId, int limit);

        /// <summary>
        /// One page of the offers listed on <paramref name="baseMarket"/> in id order, each with a summary of its share on
        /// <paramref name="market"/> (null: none): one statement instead of a share lookup per offer.
        /// </summary>
        List<(Offer Offer, ShareSummary? Share)> QueryWithShare(string baseMarket, string market, string? afterOfferId, int limit);
    }
}
