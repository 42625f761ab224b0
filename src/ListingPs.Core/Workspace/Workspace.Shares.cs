using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ListingPs.Core.Model;
using ListingPs.Core.Verification;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    public sealed partial class Workspace
    {
        private const string ShareColumns =
            "s.market, s.offer_id, s.state, s.reasons, s.price, s.currency, s.price_source, s.base_price, s.base_currency, " +
            "s.exchange_rate, s.rate_source, s.translation, s.auto_translate, s.delivery, s.warnings, s.updated_at, o.status";

        /// <summary>Looks a delivery method's display name up; set by the service from the rules.</summary>
        public Func<string, string, string>? DeliveryNameResolver { get; set; }

        public ShareRecord? GetShare(string market, string offerId)
        {
            var cmd = Command("share.get",
                "SELECT " + ShareColumns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = $m AND s.offer_id = $id",
                "$m", "$id");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = offerId;
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadShare(r) : null;
        }

        /// <summary>Whether automatic translation was requested for the share (kept across re-verifications).</summary>
        public bool GetAutoTranslate(string market, string offerId)
        {
            var cmd = Command("share.auto", "SELECT auto_translate FROM shares WHERE market = $m AND offer_id = $id", "$m", "$id");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = offerId;
            var v = cmd.ExecuteScalar();
            return v != null && v != DBNull.Value && Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0;
        }

        public List<ShareRecord> GetSharesForOffer(string offerId)
        {
            var cmd = Command("share.byOffer",
                "SELECT " + ShareColumns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.offer_id = $id ORDER BY s.market",
                "$id");
            cmd.Parameters[0].Value = offerId;
            var list = new List<ShareRecord>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(ReadShare(r));
            return list;
        }

        /// <summary>Writes the share and its reason index. <paramref name="hadReasons"/>: the stored share may have reasons to clear.</summary>
        public void UpsertShare(ShareRecord s, bool autoTranslate, bool hadReasons = true)
        {
            BeginWrite();
            var cmd = Command("share.upsert",
                "INSERT OR REPLACE INTO shares(market, offer_id, state, reasons, price, currency, price_source, base_price, base_currency, exchange_rate, rate_source, translation, auto_translate, delivery, warnings, updated_at) " +
                "VALUES($m,$id,$state,$reasons,$price,$cur,$src,$bp,$bc,$rate,$rs,$tr,$auto,$del,$warn,$at)",
                "$m", "$id", "$state", "$reasons", "$price", "$cur", "$src", "$bp", "$bc", "$rate", "$rs", "$tr", "$auto", "$del", "$warn", "$at");
            var p = cmd.Parameters;
            p[0].Value = s.Market;
            p[1].Value = s.OfferId;
            p[2].Value = s.State.ToString();
            p[3].Value = ReasonCodes.Encode(s.Reasons);
            p[4].Value = Db(Dec(s.Price));
            p[5].Value = s.Currency;
            p[6].Value = s.PriceSource.ToString();
            p[7].Value = Db(Dec(s.BasePrice));
            p[8].Value = s.BaseCurrency;
            p[9].Value = Db(Dec(s.ExchangeRate));
            p[10].Value = Db(s.RateSource);
            p[11].Value = s.Translation.ToString();
            p[12].Value = autoTranslate ? 1 : 0;
            p[13].Value = EncodeDelivery(s.Delivery);
            p[14].Value = string.Join("\n", s.Warnings);
            p[15].Value = Stamp(s.UpdatedAt);
            cmd.ExecuteNonQuery();

            if (hadReasons)
            {
                var del = Command("reason.clear", "DELETE FROM share_reasons WHERE market = $m AND offer_id = $id", "$m", "$id");
                del.Parameters[0].Value = s.Market;
                del.Parameters[1].Value = s.OfferId;
                del.ExecuteNonQuery();
            }
            if (s.Reasons.Count > 0)
            {
                var ins = Command("reason.add", "INSERT OR IGNORE INTO share_reasons(market, code, offer_id) VALUES($m,$c,$id)", "$m", "$c", "$id");
                foreach (var reason in s.Reasons)
                {
                    ins.Parameters[0].Value = s.Market;
                    ins.Parameters[1].Value = reason.Code;
                    ins.Parameters[2].Value = s.OfferId;
                    ins.ExecuteNonQuery();
                }
            }
        }

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
