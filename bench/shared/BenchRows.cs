using System;
using System.Globalization;

namespace ListingPs.Bench
{
    /// <summary>
    /// Deterministic Import-Csv-shaped offers for the benches: the columns of examples/assortment.csv plus the MarketPrice
    /// column of examples/share-cz.csv, every value a string. Row <c>i</c> is a pure function of (seed, i), so the streamed and
    /// the held form of a workload are the same offers, and the engine bench verifies the offers the pipeline bench pipes.
    /// The mix follows examples/New-SampleAssortment.ps1 and touches every allegro-cz rule of module/rules/allegro.yaml:
    /// personal account, B2B, charity, auction/classified, no catalogue product, product and category not allowed,
    /// unavailable category, no delivery to CZ, no translation (and exempt categories), no base price (VQR001), own CZK
    /// prices within 10 %, 10-20 % (warning) and beyond 20 % (VQR009), inactive and ended offers, own delivery methods.
    /// </summary>
    public static class BenchRows
    {
        public static readonly string[] Columns =
        {
            "OfferId", "Title", "Category", "Price", "SellingFormat", "AccountType", "B2BOnly", "Charity", "ProductId",
            "Status", "DeliveryMethods", "Translations", "MarketPrice",
        };

        public const int OfferId = 0, Title = 1, Category = 2, Price = 3, SellingFormat = 4, AccountType = 5, B2BOnly = 6,
            Charity = 7, ProductId = 8, Status = 9, DeliveryMethods = 10, Translations = 11, MarketPrice = 12;

        /// <summary>The PLN -> CZK rate of the rules (NBP 2023-03-21), for the own CZK prices the generator writes.</summary>
        public const decimal PlnCzk = 5.0942m;

        private static readonly string[] Regular =
        {
            "Elektronika/Telefony i Akcesoria", "Dom i Ogród/Meble", "Sport i Turystyka/Rowery", "Moda/Obuwie", "Dziecko/Zabawki", "Uroda/Perfumy",
        };
        private static readonly string[] Unavailable = { "Nieruchomości", "Motoryzacja/Pojazdy", "Bilety", "Usługi/Sprzątanie" };
        private static readonly string[] NotAllowedCategories = { "Zdrowie/Leki", "Supermarket/Alkohol" };
        private static readonly string[] Exempt = { "Książki i Komiksy", "Filmy", "Muzyka" };
        private static readonly string[] NotAllowedProducts = { "PRD-ALKO-0001", "PRD-ALKO-0002", "PRD-PIRO-0001" };
        private static readonly string[] CzMethods = { "allegro-dhl-cz", "allegro-dpd-cz", "packeta-pickup-cz", "packeta-locker-cz", "own-courier-pl-cz" };
        private static readonly string[] PlMethods = { "allegro-inpost-paczkomat-pl", "allegro-dpd-pl", "own-courier-pl" };
        private static readonly string[] Adjectives = { "Solid", "Compact", "Premium", "Classic", "Eco", "Smart", "Handmade", "Vintage" };
        private static readonly string[] Nouns = { "phone case", "armchair", "bicycle light", "running shoes", "wooden toy", "perfume set", "desk lamp", "backpack" };

        // Delivery strings are few: build each combination once, as a CSV reader would hand out equal strings anyway.
        private static readonly string[,,] DeliveryCache = BuildDeliveryCache();

        private static string[,,] BuildDeliveryCache()
        {
            var c = new string[PlMethods.Length, CzMethods.Length + 1, CzMethods.Length + 1];
            for (int p = 0; p < PlMethods.Length; p++)
                for (int a = 0; a <= CzMethods.Length; a++)
                    for (int b = 0; b <= CzMethods.Length; b++)
                    {
                        var s = PlMethods[p];
                        if (a > 0) s += ";" + CzMethods[a - 1];
                        if (b > 0 && b != a) s += ";" + CzMethods[b - 1];
                        c[p, a, b] = s;
                    }
            return c;
        }

        /// <summary>The offer id of row <paramref name="index"/>: PL-0000001...</summary>
        public static string Id(long index) => "PL-" + (index + 1).ToString("D7", CultureInfo.InvariantCulture);

        /// <summary>Fills <paramref name="values"/> (length 13, in <see cref="Columns"/> order) with row <paramref name="index"/>.</summary>
        public static void Fill(long index, string[] values, int seed = 20230510)
        {
            ulong state = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xD1B54A32D192ED03UL;
            double R() => (Next(ref state) >> 11) * (1.0 / (1UL << 53));
            int Pick(int n) => (int)(Next(ref state) % (ulong)n);

            values[OfferId] = Id(index);
            double roll = R();
            values[Category] = roll < 0.03 ? Unavailable[Pick(Unavailable.Length)]
                : roll < 0.05 ? NotAllowedCategories[Pick(NotAllowedCategories.Length)]
                : roll < 0.12 ? Exempt[Pick(Exempt.Length)]
                : Regular[Pick(Regular.Length)];
            long cents = 500 + (long)Pick(199500);
            bool noPrice = R() < 0.01;
            values[Price] = noPrice ? "" : (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            values[SellingFormat] = R() < 0.03 ? "Auction" : R() < 0.03 ? "Classified" : "BuyNow";
            values[AccountType] = R() < 0.02 ? "Personal" : "Company";
            values[B2BOnly] = R() < 0.02 ? "True" : "False";
            values[Charity] = R() < 0.01 ? "1" : "0";
            values[ProductId] = R() < 0.04 ? "" : R() < 0.01 ? NotAllowedProducts[Pick(NotAllowedProducts.Length)]
                : "PRD-" + (1 + Pick(9999999)).ToString("D7", CultureInfo.InvariantCulture);
            values[Status] = R() < 0.07 ? "Inactive" : R() < 0.03 ? "Ended" : "Active";
            int pl = Pick(PlMethods.Length);
            int a = R() < 0.8 ? 1 + Pick(CzMethods.Length) : 0;
            int b = R() < 0.2 ? 1 + Pick(CzMethods.Length) : 0;
            values[DeliveryMethods] = DeliveryCache[pl, a, b];
            values[Translations] = R() < 0.7 ? "cs-CZ" : R() < 0.33 ? "cs" : "";
            values[Title] = Adjectives[Pick(Adjectives.Length)] + " " + Nouns[Pick(Nouns.Length)] + " " + (index + 1).ToString(CultureInfo.InvariantCulture);
            // Own CZK prices for some offers (whole crowns): within 10 %, a 15 % warning, 30 % below (refused); empty = converter.
            string own = "";
            if (!noPrice)
            {
                double r = R();
                decimal converted = cents / 100m * PlnCzk;
                if (r < 0.08) own = Math.Round(converted * (decimal)(0.97 + 0.06 * R()), 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
                else if (r < 0.11) own = Math.Round(converted * 1.15m, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
                else if (r < 0.14) own = Math.Round(converted * 0.7m, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
            }
            values[MarketPrice] = own;
        }

        private static ulong Next(ref ulong state)
        {
            // splitmix64
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
