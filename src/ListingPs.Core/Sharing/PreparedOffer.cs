using System;
using ListingPs.Core.Model;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Sharing
{
    /// <summary>
    /// An input record parsed and checked by <see cref="ShareService.Prepare(Input.OfferFields, string?)"/>, with what Prepare
    /// read of the workspace for it: the offer as stored (or that there is none) and, when Prepare was given a market, the
    /// offer's stored share there. <see cref="ShareService.Submit(PreparedOffer, string, SubmitOptions)"/>,
    /// <see cref="ShareService.Test(PreparedOffer, string, SubmitOptions)"/> and <see cref="ShareService.Import(PreparedOffer)"/>
    /// take it and do not read those rows again. What it read holds for one write, in the workspace it was read from: after
    /// Submit or Import wrote through it, or given to a service of another workspace, the workspace is read again.
    /// </summary>
    public sealed class PreparedOffer
    {
        private readonly WorkspaceStore _readFrom;

        internal PreparedOffer(WorkspaceStore readFrom, Offer offer, Offer? stored, string? shareMarket, StoredShare? share)
        {
            _readFrom = readFrom; Offer = offer; Stored = stored; ShareMarket = shareMarket; Share = share;
        }

        /// <summary>
        /// An offer read from the workspace and not changed, with its stored share on <paramref name="market"/> read with it
        /// (null: none): what a connection's sync submits from a page of offers and shares it read at once.
        /// </summary>
        internal static PreparedOffer AsStored(WorkspaceStore readFrom, Offer offer, string market, ShareRecord? share) =>
            new PreparedOffer(readFrom, offer, offer, market, share == null ? null : StoredShare.From(share));

        /// <summary>The offer as parsed from the record over the stored one.</summary>
        public Offer Offer { get; }

        public string OfferId => Offer.OfferId;

        /// <summary>The market whose stored share was read with the offer; null when Prepare was given none.</summary>
        public string? ShareMarket { get; }

        /// <summary>The offer as the workspace held it when prepared; null when it held none.</summary>
        internal Offer? Stored { get; }

        /// <summary>The stored share on <see cref="ShareMarket"/> when prepared; null when there was none.</summary>
        internal StoredShare? Share { get; }

        /// <summary>False once a write went through it: what it read may no longer be what the workspace holds.</summary>
        private bool _written;

        /// <summary>Whether what it read still stands for <paramref name="ws"/>: read from it, and no write through it since.</summary>
        internal bool IsCurrentFor(WorkspaceStore ws) => !_written && ReferenceEquals(ws, _readFrom);

        /// <summary>Whether the stored share on <paramref name="marketId"/> (a market id as the rules spell it) in <paramref name="ws"/> is known.</summary>
        internal bool KnowsShareOn(WorkspaceStore ws, string marketId) => IsCurrentFor(ws) && string.Equals(ShareMarket, marketId, StringComparison.Ordinal);

        internal void Written() => _written = true;

        public override string ToString() => Offer.OfferId;
    }
}
