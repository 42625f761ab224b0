using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ListingPs.Core.Allegro
{
    /// <summary>A delivery method of Allegro's (GET /sale/delivery-methods): where it ships from and to, and on which markets.</summary>
    public sealed class AllegroDeliveryMethod
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>The country a parcel can be sent from; empty when any.</summary>
        public string DispatchCountry { get; set; } = "";
        public string DestinationCountry { get; set; } = "";
        /// <summary>The markets whose buyers see the method (allegro-pl, allegro-cz...).</summary>
        public IReadOnlyList<string> Marketplaces { get; set; } = Array.Empty<string>();
    }

    /// <summary>
    /// A shipping rate of the account (GET /sale/shipping-rates/{id}) with its delivery methods and the markets they open:
    /// since June 2024 an offer is on allegro-cz, allegro-sk or allegro-hu when its rate holds a delivery method to that
    /// country, so a rate can open more markets than asked (a DHL Czechia bundle brings Slovakia too).
    /// </summary>
    public sealed class AllegroShippingRate
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public IReadOnlyList<AllegroDeliveryMethod> DeliveryMethods { get; set; } = Array.Empty<AllegroDeliveryMethod>();
        /// <summary>Every market the rate's delivery methods open, in Allegro's order (allegro-pl, -cz, -sk, -hu, then others).</summary>
        public IReadOnlyList<string> Markets { get; set; } = Array.Empty<string>();
        /// <summary>Delivery methods the rate names that Allegro's list of methods does not hold (kept by id, opening no market).</summary>
        public IReadOnlyList<string> UnknownMethodIds { get; set; } = Array.Empty<string>();
    }

    /// <summary>
    /// Reads the account's shipping rates and the delivery methods with their markets, once per instance (one command's
    /// run): GET /sale/delivery-methods for each market (the marketplace filter), GET /sale/shipping-rates, and GET
    /// /sale/shipping-rates/{id} per rate (an account has at most 250).
    /// </summary>
    public sealed class AllegroShipping
    {
        /// <summary>The markets whose delivery methods are read.</summary>
        public static readonly string[] Markets = { "allegro-pl", "allegro-cz", "allegro-sk", "allegro-hu" };

        private readonly AllegroConnection _connection;
        private readonly AllegroSettings _settings;
        private Task<IReadOnlyList<AllegroShippingRate>>? _rates;
        private readonly object _gate = new object();

        public AllegroShipping(AllegroConnection connection, AllegroSettings settings)
        {
            _connection = connection; _settings = settings;
        }

        /// <summary>The account's rates, read on the first call; calls side by side share that one read (a failed read is tried again next time).</summary>
        public Task<IReadOnlyList<AllegroShippingRate>> GetRatesAsync(CancellationToken cancel)
        {
            lock (_gate)
            {
                if (_rates == null || _rates.IsFaulted || _rates.IsCanceled) _rates = ReadRatesAsync(cancel);
                return _rates;
            }
        }

        private async Task<IReadOnlyList<AllegroShippingRate>> ReadRatesAsync(CancellationToken cancel)
        {
            var methods = new Dictionary<string, AllegroDeliveryMethod>(StringComparer.Ordinal);
            foreach (var market in Markets)
            {
                using var doc = await _connection.GetAsync(_settings, "sale/delivery-methods?marketplace=" + Uri.EscapeDataString(market), cancel).ConfigureAwait(false);
                foreach (var m in Array(doc.RootElement, "deliveryMethods"))
                {
                    var id = Text(m, "id");
                    if (id.Length == 0) continue;
                    if (!methods.TryGetValue(id, out var method))
                        methods[id] = method = new AllegroDeliveryMethod
                        {
                            Id = id, Name = Text(m, "name"), DispatchCountry = Text(m, "dispatchCountry"), DestinationCountry = Text(m, "destinationCountry"),
                        };
                    // "marketplaces": ["allegro-cz"] (or objects with an id), else the market asked for
                    var listed = Array(m, "marketplaces").Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : Text(x, "id")).Where(x => x.Length > 0).ToList();
                    if (listed.Count == 0) listed.Add(market);
                    method.Marketplaces = method.Marketplaces.Concat(listed).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                }
            }
            var rates = new List<AllegroShippingRate>();
            using (var list = await _connection.GetAsync(_settings, "sale/shipping-rates", cancel).ConfigureAwait(false))
            {
                foreach (var r in Array(list.RootElement, "shippingRates"))
                {
                    var id = Text(r, "id");
                    using var detail = await _connection.GetAsync(_settings, "sale/shipping-rates/" + Uri.EscapeDataString(id), cancel).ConfigureAwait(false);
                    var used = new List<AllegroDeliveryMethod>();
                    var unknown = new List<string>();
                    foreach (var rate in Array(detail.RootElement, "rates"))
                    {
                        var methodId = rate.TryGetProperty("deliveryMethod", out var dm) ? Text(dm, "id") : "";
                        if (methodId.Length == 0) continue;
                        if (methods.TryGetValue(methodId, out var method)) used.Add(method);
                        else unknown.Add(methodId);
                    }
                    rates.Add(new AllegroShippingRate
                    {
                        Id = id,
                        Name = Text(detail.RootElement, "name") is { Length: > 0 } n ? n : Text(r, "name"),
                        DeliveryMethods = used,
                        Markets = OrderMarkets(used.SelectMany(u => u.Marketplaces)),
                        UnknownMethodIds = unknown,
                    });
                }
            }
            return rates;
        }

        private static IReadOnlyList<string> OrderMarkets(IEnumerable<string> markets) =>
            markets.Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(m => System.Array.IndexOf(Markets, m.ToLowerInvariant()) is var i && i >= 0 ? i : Markets.Length)
                .ThenBy(m => m, StringComparer.Ordinal).ToList();

        private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : Enumerable.Empty<JsonElement>();

        private static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    }
}
