using System;
using System.Collections.Generic;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    public sealed partial class Workspace
    {
        private const string OfferColumns =
            "offer_id, market, title, category, price, selling_format, account_type, b2b, charity, product_id, status, delivery, translations, condition, fulfillment, updated_at";

        public Offer? GetOffer(string offerId)
        {
            var cmd = Command("offer.get", "SELECT " + OfferColumns + " FROM offers WHERE offer_id = $id", "$id");
            cmd.Parameters[0].Value = offerId;
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadOffer(r) : null;
        }

        public void UpsertOffer(Offer o)
        {
            BeginWrite();
            var cmd = Command("offer.upsert",
                "INSERT OR REPLACE INTO offers(" + OfferColumns + ") VALUES($id,$market,$title,$category,$price,$fmt,$acct,$b2b,$charity,$product,$status,$delivery,$tr,$cond,$ful,$at)",
                "$id", "$market", "$title", "$category", "$price", "$fmt", "$acct", "$b2b", "$charity", "$product", "$status", "$delivery", "$tr", "$cond", "$ful", "$at");
            var p = cmd.Parameters;
            p[0].Value = o.OfferId;
            p[1].Value = o.Market;
            p[2].Value = Db(o.Title);
            p[3].Value = Db(o.Category);
            p[4].Value = Db(Dec(o.Price));
            p[5].Value = o.SellingFormat.ToString();
            p[6].Value = o.AccountType.ToString();
            p[7].Value = o.B2BOnly ? 1 : 0;
            p[8].Value = o.Charity ? 1 : 0;
            p[9].Value = Db(o.ProductId);
            p[10].Value = o.Status.ToString();
            p[11].Value = string.Join(";", o.DeliveryMethods);
            p[12].Value = string.Join(";", o.Translations);
            p[13].Value = o.Condition.ToString();
            p[14].Value = o.Fulfillment.ToString();
            p[15].Value = Stamp(o.UpdatedAt);
            cmd.ExecuteNonQuery();
        }

        /// <summary>Removes an offer and everything shared from it.</summary>
        public bool DeleteOffer(string offerId)
        {
            BeginWrite();
            using (var c = AdHoc("DELETE FROM share_reasons WHERE offer_id = $id; DELETE FROM shares WHERE offer_id = $id;"))
            {
                c.Parameters.AddWithValue("$id", offerId);
                c.ExecuteNonQuery();
            }
            using var cmd = AdHoc("DELETE FROM offers WHERE offer_id = $id");
            cmd.Parameters.AddWithValue("$id", offerId);
            return cmd.ExecuteNonQuery() > 0;
        }

        private static Offer ReadOffer(SqliteDataReader r)
        {
            var o = new Offer(r.GetString(0))
            {
                Market = r.GetString(1),
                Title = ReadStr(r, 2),
                Category = ReadStr(r, 3),
                Price = ReadDec(r, 4),
                SellingFormat = (SellingFormat)Enum.Parse(typeof(SellingFormat), r.GetString(5)),
                AccountType = (AccountType)Enum.Parse(typeof(AccountType), r.GetString(6)),
                B2BOnly = r.GetInt64(7) != 0,
                Charity = r.GetInt64(8) != 0,
                ProductId = ReadStr(r, 9),
                Status = (OfferStatus)Enum.Parse(typeof(OfferStatus), r.GetString(10)),
                DeliveryMethods = SplitStored(r.GetString(11)),
                Translations = SplitStored(r.GetString(12)),
                Condition = (OfferCondition)Enum.Parse(typeof(OfferCondition), r.GetString(13)),
                Fulfillment = (FulfillmentMethod)Enum.Parse(typeof(FulfillmentMethod), r.GetString(14)),
                UpdatedAt = ReadStamp(r, 15),
                IsStored = true,
            };
            return o;
        }

        internal static IReadOnlyList<string> SplitStored(string s) =>
            s.Length == 0 ? Array.Empty<string>() : s.Split(';');
    }
}

namespace ListingPs.Core.Workspace
{
    public sealed partial class Workspace
    {
        public bool OfferExists(string offerId)
        {
            var cmd = Command("offer.exists", "SELECT 1 FROM offers WHERE offer_id = $id", "$id");
            cmd.Parameters[0].Value = offerId;
            return cmd.ExecuteScalar() != null;
        }
    }
}
