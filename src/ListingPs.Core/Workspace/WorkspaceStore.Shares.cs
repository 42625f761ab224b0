using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>The fields of a stored share that Submit-Offer and Set-OfferCzkPrice decide on.</summary>
    internal sealed class StoredShare
    {
        /// <summary>Stands for reasons that were not read: the reason index is cleared and written again.</summary>
        internal static readonly string UnknownReasons = new string('?', 1);

        public StoredShare(ShareState state, decimal? price, PriceSource priceSource, bool autoTranslate, string reasons)
        {
            State = state; Price = price; PriceSource = priceSource; AutoTranslate = autoTranslate; Reasons = reasons;
        }

        /// <summary>What a share record read earlier says of the stored share.</summary>
        public static StoredShare From(ShareRecord r) => new StoredShare(r.State, r.Price, r.PriceSource, r.AutoTranslate, ReasonCodes.Encode(r.Reasons));

        public ShareState State { get; }
        public decimal? Price { get; }
        public PriceSource PriceSource { get; }
        public bool AutoTranslate { get; }
        /// <summary>The reasons as stored (<see cref="ReasonCodes.Encode"/>); empty when none.</summary>
        public string Reasons { get; }
    }

    public sealed partial class WorkspaceStore
    {
        private const string ShareColumns =
            "s.market, s.offer_id, s.state, s.reasons, s.price, s.currency, s.price_source, s.base_price, s.base_currency, " +
            "s.exchange_rate, s.rate_source, s.translation, s.auto_translate, s.delivery, s.warnings, s.updated_at, o.status";

        /// <summary>
        /// The share record of the offer on the market. <paramref name="deliveryNames"/> gives a delivery method's display
        /// name by (market, method id), from the caller's rules (the workspace holds no rules); without it the name is the id.
        /// </summary>
        public ShareRecord? GetShare(string market, string offerId, Func<string, string, string>? deliveryNames = null)
        {
            var cmd = CachedCommand("share.get",
                "SELECT " + ShareColumns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = @m AND s.offer_id = @id",
                "@m", "@id");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = offerId;
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadShare(r, deliveryNames) : null;
        }

        /// <summary>The offer's share records by market; <paramref name="deliveryNames"/> as for <see cref="GetShare"/>.</summary>
        public List<ShareRecord> GetSharesForOffer(string offerId, Func<string, string, string>? deliveryNames = null)
        {
            var cmd = CachedCommand("share.byOffer",
                "SELECT " + ShareColumns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.offer_id = @id ORDER BY s.market",
                "@id");
            cmd.Parameters[0].Value = offerId;
            var list = new List<ShareRecord>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(ReadShare(r, deliveryNames));
            return list;
        }

        /// <summary>Writes the share and its reason index. <paramref name="hadReasons"/>: the stored share may have reasons to clear.</summary>
        public void UpsertShare(ShareRecord s, bool autoTranslate, bool hadReasons = true) =>
            WriteShare(s, autoTranslate, hadReasons ? StoredShare.UnknownReasons : null);

        /// <summary>
        /// Writes the share; the reason index is rewritten only when the reasons differ from <paramref name="storedReasons"/> (the
        /// stored share's encoded reasons; null when no share is stored, <see cref="StoredShare.UnknownReasons"/> when unknown).
        /// </summary>
        internal void WriteShare(ShareRecord s, bool autoTranslate, string? storedReasons)
        {
            BeginWrite();
            var reasons = ReasonCodes.Encode(s.Reasons);
            var st = Statement("share.upsert",
                "INSERT INTO shares(market, offer_id, state, reasons, price, currency, price_source, base_price, base_currency, exchange_rate, rate_source, translation, auto_translate, delivery, warnings, updated_at) " +
                "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16) ON CONFLICT(market, offer_id) DO UPDATE SET " +
                "state = excluded.state, reasons = excluded.reasons, price = excluded.price, currency = excluded.currency, " +
                "price_source = excluded.price_source, base_price = excluded.base_price, base_currency = excluded.base_currency, " +
                "exchange_rate = excluded.exchange_rate, rate_source = excluded.rate_source, translation = excluded.translation, " +
                "auto_translate = excluded.auto_translate, delivery = excluded.delivery, warnings = excluded.warnings, updated_at = excluded.updated_at");
            st.Text(1, s.Market).Text(2, s.OfferId).Text(3, StoredEnum<ShareState>.Name(s.State)).Text(4, reasons)
              .Text(5, DecimalText(s.Price)).Text(6, s.Currency).Text(7, StoredEnum<PriceSource>.Name(s.PriceSource))
              .Text(8, DecimalText(s.BasePrice)).Text(9, s.BaseCurrency).Text(10, DecimalText(s.ExchangeRate)).Text(11, s.RateSource)
              .Text(12, StoredEnum<TranslationKind>.Name(s.Translation)).Int(13, autoTranslate ? 1 : 0)
              .Text(14, EncodeDelivery(s.Delivery)).Text(15, JoinWarnings(s.Warnings)).Text(16, Stamp(s.UpdatedAt));
            st.Execute();

            // The index is rewritten only when the reasons changed (or were not read: UnknownReasons).
            if (storedReasons != null && !ReferenceEquals(storedReasons, StoredShare.UnknownReasons) && storedReasons == reasons) return;
            if (storedReasons != null && storedReasons.Length > 0)
            {
                var del = Statement("reason.clear", "DELETE FROM share_reasons WHERE market = ?1 AND offer_id = ?2");
                del.Text(1, s.Market).Text(2, s.OfferId).Execute();
            }
            if (s.Reasons.Count > 0)
            {
                var ins = Statement("reason.add", "INSERT INTO share_reasons(market, code, offer_id) VALUES(?1,?2,?3) ON CONFLICT DO NOTHING");
                for (int i = 0; i < s.Reasons.Count; i++)
                    ins.Text(1, s.Market).Text(2, s.Reasons[i].Code).Text(3, s.OfferId).Execute();
            }
        }

        /// <summary>What a write needs to know of a stored share; read with the offer (<see cref="GetOffer(string, string, out StoredShare)"/>).</summary>
        internal StoredShare? GetStoredShare(string market, string offerId)
        {
            var st = Statement("share.stored", "SELECT " + StoredShareColumns + " FROM shares s WHERE s.market = ?1 AND s.offer_id = ?2");
            st.Text(1, market).Text(2, offerId);
            try { return st.Read() ? ReadStoredShare(st, 0) : null; }
            finally { st.Reset(); }
        }

        private const string StoredShareColumns = "s.state, s.price, s.price_source, s.auto_translate, s.reasons";

        private static StoredShare? ReadStoredShare<TRow>(TRow r, int first) where TRow : IStoredRow
        {
            if (r.IsNull(first)) return null; // LEFT JOIN: no share
            return new StoredShare(
                StoredEnum<ShareState>.Parse(r.GetString(first)),
                ReadDec(r.GetText(first + 1)),
                StoredEnum<PriceSource>.Parse(r.GetString(first + 2)),
                r.GetInt64(first + 3) != 0,
                r.GetString(first + 4));
        }

        private static string JoinWarnings(IReadOnlyList<string> warnings) =>
            warnings.Count == 0 ? "" : warnings.Count == 1 ? warnings[0] : string.Join("\n", warnings);

        private static string EncodeDelivery(IReadOnlyList<DeliveryQuote> quotes)
        {
            if (quotes.Count == 0) return "";
            var sb = new StringBuilder();
            for (int i = 0; i < quotes.Count; i++)
            {
                if (i > 0) sb.Append(';');
                var q = quotes[i];
                sb.Append(q.Method).Append('|').Append(q.Price.ToString(CultureInfo.InvariantCulture)).Append('|')
                  .Append(q.Currency).Append('|').Append(q.Converted ? '1' : '0');
            }
            return sb.ToString();
        }
    }
}
