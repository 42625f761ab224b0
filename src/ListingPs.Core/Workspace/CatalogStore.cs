using System;
using System.Collections.Generic;
using System.Globalization;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The catalog_markets, catalog_products and fba_inventory tables, through the session's statements and transaction (<see cref="WorkspaceStore.Catalogs"/>).</summary>
    internal sealed class CatalogStore : ICatalogStore
    {
        private readonly WorkspaceStore _ws;

        internal CatalogStore(WorkspaceStore session) { _ws = session; }

        /// <summary>Whether a catalogue was imported for the market (without one, every product is taken to exist there).</summary>
        public bool Has(string market)
        {
            var cmd = _ws.CachedCommand("catalog.has", "SELECT 1 FROM catalog_markets WHERE market = @m", "@m");
            cmd.Parameters[0].Value = market;
            return cmd.ExecuteScalar() != null;
        }

        public bool Contains(string market, string productId)
        {
            var cmd = _ws.CachedCommand("catalog.contains", "SELECT 1 FROM catalog_products WHERE market = @m AND " + (_ws.IsPostgres ? "product_key = lower(@p COLLATE \"C\")" : "product_id = @p"), "@m", "@p");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = productId;
            return cmd.ExecuteScalar() != null;
        }

        /// <summary>Marks the market as having a catalogue (imported now); <paramref name="replace"/> drops the products it held.</summary>
        public void Begin(string market, bool replace, DateTimeOffset at)
        {
            _ws.BeginWrite();
            if (replace)
            {
                using var del = _ws.NewCommand("DELETE FROM catalog_products WHERE market = @m");
                del.Parameters.AddWithValue("@m", market);
                del.ExecuteNonQuery();
            }
            using var cmd = _ws.NewCommand(Upsert("catalog_markets", "market, imported_at", "market", "@m, @at"));
            cmd.Parameters.AddWithValue("@m", market);
            cmd.Parameters.AddWithValue("@at", Stamp(at));
            cmd.ExecuteNonQuery();
        }

        public void AddProduct(string market, string productId)
        {
            _ws.BeginWrite();
            var cmd = _ws.CachedCommand("catalog.add", "INSERT INTO catalog_products(market, product_id) VALUES(@m, @p) ON CONFLICT DO NOTHING", "@m", "@p");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = productId;
            cmd.ExecuteNonQuery();
        }

        public long CountProducts(string market)
        {
            using var cmd = _ws.NewCommand("SELECT count(*) FROM catalog_products WHERE market = @m");
            cmd.Parameters.AddWithValue("@m", market);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public void SetFbaQuantity(string market, string sku, int quantity, DateTimeOffset at)
        {
            _ws.BeginWrite();
            var cmd = _ws.CachedCommand("fba.set", Upsert("fba_inventory", "market, sku, quantity, updated_at", "market, sku", "@m, @s, @q, @at"), "@m", "@s", "@q", "@at");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = sku;
            cmd.Parameters[2].Value = quantity;
            cmd.Parameters[3].Value = Stamp(at);
            cmd.ExecuteNonQuery();
        }

        /// <summary>Units recorded for the SKU in the market's fulfilment centres (0 when none were recorded).</summary>
        public int GetFbaQuantity(string market, string sku)
        {
            var cmd = _ws.CachedCommand("fba.get", "SELECT quantity FROM fba_inventory WHERE market = @m AND sku = @s", "@m", "@s");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = sku;
            var v = cmd.ExecuteScalar();
            return v == null || v == DBNull.Value ? 0 : Convert.ToInt32(v, CultureInfo.InvariantCulture);
        }

        /// <summary>FBA units of <paramref name="market"/> for SKUs from <paramref name="fromSku"/> to <paramref name="toSku"/> (a page of source offers); SKUs without a record are not in it.</summary>
        public Dictionary<string, int> GetFbaQuantities(string market, string fromSku, string toSku)
        {
            var cmd = _ws.CachedCommand("fba.range", "SELECT sku, quantity FROM fba_inventory WHERE market = @m AND sku >= @from AND sku <= @to", "@m", "@from", "@to");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = fromSku;
            cmd.Parameters[2].Value = toSku;
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            using var r = cmd.ExecuteReader();
            while (r.Read()) d[r.GetString(0)] = Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture);
            return d;
        }
    }
}
