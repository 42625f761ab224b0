using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Reports
{
    /// <summary>The verification state of every offer shared to one additional market (allegro-cz...), as report rows.</summary>
    public sealed class MarketReportSource : IStatusReportSource
    {
        private static readonly IReadOnlyList<StatusInfo> StatusList = new[]
        {
            new StatusInfo(nameof(ShareState.Approved), StatusKind.Good, "buyers on the market can buy"),
            new StatusInfo(nameof(ShareState.Refused), StatusKind.Problem, "needs a change"),
            new StatusInfo(nameof(ShareState.Pending), StatusKind.Waiting, "requested; waits for the offer to be active"),
            new StatusInfo(nameof(ShareState.InProgress), StatusKind.Waiting, "being verified"),
            new StatusInfo(nameof(ShareState.Withdrawn), StatusKind.Inactive, "withdrawn by the seller"),
            new StatusInfo(nameof(ShareState.NotRequested), StatusKind.Inactive, "never submitted"),
        };

        private readonly ShareService _shares;
        private readonly MarketRule _market;
        private readonly MarketRule _base;

        public MarketReportSource(ShareService shares, string marketId)
        {
            _shares = shares ?? throw new ArgumentNullException(nameof(shares));
            _market = shares.Rules.GetMarket(marketId);
            if (_market.IsBase || string.IsNullOrEmpty(_market.ShareFrom))
                throw new ListingPsException(ErrorIds.NotAnAdditionalMarket,
                    "Market '" + _market.Id + "' is a base market: offers are listed there, not shared to it, so it has no verification state to report. Report an additional market (" +
                    string.Join(", ", AdditionalMarketIds(shares.Rules)) + ").", ErrorKind.InvalidArgument);
            _base = shares.Rules.BaseOf(_market);
        }

        private static IEnumerable<string> AdditionalMarketIds(RuleSet rules)
        {
            foreach (var m in rules.Markets)
                if (!m.IsBase && !string.IsNullOrEmpty(m.ShareFrom)) yield return m.Id;
        }

        public string Kind => "Market";
        public string Subject => _market.Id;
        public string Title => _market.Id + " (" + _market.Name + "): verification of offers shared from " + _base.Id;
        public string IdLabel => "OfferId";
        public string TargetLabel => "Market";
        public IReadOnlyList<StatusInfo> Statuses => StatusList;

        public long? CountRows()
        {
            long n = 0;
            foreach (var kv in _shares.Workspace.Shares.CountByState(_market.Id)) n += kv.Value;
            return n;
        }

        public IEnumerable<StatusReportRow> Rows()
        {
            foreach (var share in _shares.Query(new ShareQuery { Markets = new[] { _market.Id } }))
                yield return ToRow(share);
        }

        internal StatusReportRow ToRow(ShareRecord share)
        {
            var reasons = new ReportReason[share.Reasons.Count];
            for (int i = 0; i < reasons.Length; i++)
                reasons[i] = new ReportReason(share.Reasons[i].Code, share.Reasons[i].Message, share.Reasons[i].Hint);
            return new StatusReportRow
            {
                Sku = share.OfferId,
                Target = share.Market,
                Status = share.State.ToString(),
                Kind = KindOf(share.State),
                Reasons = reasons,
                Note = NoteFor(share),
                Price = share.Price,
                Currency = share.Currency,
                PriceSource = share.PriceSource == PriceSource.None ? null : share.PriceSource.ToString(),
                BasePrice = share.BasePrice,
                BaseCurrency = share.BaseCurrency,
                ExchangeRate = share.ExchangeRate,
                RateSource = share.RateSource,
                Warnings = share.Warnings,
                UpdatedAt = share.UpdatedAt,
            };
        }

        private string? NoteFor(ShareRecord share)
        {
            switch (share.State)
            {
                case ShareState.Pending:
                    return share.OfferStatus != OfferStatus.Active
                        ? "The offer is " + share.OfferStatus.ToString().ToLowerInvariant() + " on " + _base.Id + ": activate it there to have it verified for " + share.Market + "."
                        : "Waiting for verification.";
                case ShareState.InProgress: return "Being verified; nothing to do yet.";
                case ShareState.Withdrawn: return "Withdrawn; Submit-Offer -Market " + share.Market + " shares it again.";
                default: return null;
            }
        }

        internal static StatusKind KindOf(ShareState state)
        {
            switch (state)
            {
                case ShareState.Approved: return StatusKind.Good;
                case ShareState.Refused: return StatusKind.Problem;
                case ShareState.Pending:
                case ShareState.InProgress: return StatusKind.Waiting;
                default: return StatusKind.Inactive;
            }
        }

        public IReadOnlyList<RateUsage> CurrentRates()
        {
            if (string.Equals(_base.Currency, _market.Currency, StringComparison.OrdinalIgnoreCase)) return Array.Empty<RateUsage>();
            try
            {
                var rate = _shares.Pricer.ResolveRate(_base.Currency, _market.Currency);
                return new[] { new RateUsage(_base.Currency, _market.Currency, rate.Rate, rate.Source, 0, true) };
            }
            catch (ListingPsException)
            {
                return Array.Empty<RateUsage>();
            }
        }

        public string? DescribeReason(string code) => ReasonCodes.IsKnown(code) ? ShortName(code) : null;

        /// <summary>"VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE" reads "delivery to operational country not available".</summary>
        internal static string ShortName(string code)
        {
            int us = code.IndexOf('_');
            var words = us > 0 ? code.Substring(us + 1) : code;
            return words.Replace('_', ' ').ToLower(CultureInfo.InvariantCulture);
        }

        public string? TitleOf(string sku) => _shares.Workspace.Offers.Get(sku)?.Title;
    }
}
