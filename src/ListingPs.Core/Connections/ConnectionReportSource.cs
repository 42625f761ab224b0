using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;
using ListingPs.Core.Reports;

namespace ListingPs.Core.Connections
{
    /// <summary>A market connection's status report as report rows (for Export-ListingReport's HTML and CSV).</summary>
    public sealed class ConnectionReportSource : IStatusReportSource
    {
        private static readonly IReadOnlyList<StatusInfo> StatusList = new[]
        {
            new StatusInfo(nameof(SyncStatus.Synchronized), StatusKind.Good, "listed on the target and kept in step with the source"),
            new StatusInfo(nameof(SyncStatus.NotSynchronized), StatusKind.Problem, "not listed on the target; see the reason"),
            new StatusInfo(nameof(SyncStatus.Disconnected), StatusKind.Inactive, "no longer connected to its source offer"),
        };

        private readonly ConnectionService _service;
        private readonly MarketConnection _connection;

        public ConnectionReportSource(ConnectionService service, string connectionId)
        {
            _service = service ?? throw new ArgumentNullException(nameof(service));
            _connection = service.GetConnection(connectionId);
        }

        public string Kind => "Connection";
        public string Subject => _connection.ConnectionId;
        public string Title => _connection.ConnectionId + ": " + _connection.SourceMarket + " -> " + string.Join(", ", _connection.TargetMarkets) + " (status report)";
        public string IdLabel => "SKU";
        public string TargetLabel => "Target";
        public IReadOnlyList<StatusInfo> Statuses => StatusList;

        public long? CountRows() => _service.Workspace.Connections.CountRows(_connection.ConnectionId);

        public IEnumerable<StatusReportRow> Rows()
        {
            foreach (var row in _service.Report(new ConnectionReportQuery { ConnectionIds = new[] { _connection.ConnectionId } }))
                yield return ToRow(row);
        }

        internal static StatusReportRow ToRow(ConnectionReportRow row)
        {
            bool problem = row.Status != SyncStatus.Synchronized && row.Reason.Length > 0;
            return new StatusReportRow
            {
                Sku = row.Sku,
                Target = row.TargetMarket,
                Status = row.Status.ToString(),
                Kind = row.Status == SyncStatus.Synchronized ? StatusKind.Good : row.Status == SyncStatus.NotSynchronized ? StatusKind.Problem : StatusKind.Inactive,
                Reasons = problem ? new[] { new ReportReason(row.Reason, row.Message, row.NextStep) } : Array.Empty<ReportReason>(),
                Note = problem ? null : row.NextStep,
                Price = row.Price,
                Currency = row.Currency,
                PriceSource = row.PriceSource == TargetPriceSource.None ? null : row.PriceSource.ToString(),
                BasePrice = row.SourcePrice,
                BaseCurrency = row.SourceCurrency,
                ExchangeRate = row.ExchangeRate,
                RateSource = row.RateSource,
                Warnings = !problem && row.Reason.Length > 0 ? new[] { row.Reason + ": " + row.Message } : Array.Empty<string>(),
                UpdatedAt = row.SyncDate,
            };
        }

        public IReadOnlyList<RateUsage> CurrentRates()
        {
            var list = new List<RateUsage>();
            if (!_service.Rules.TryGetMarket(_connection.SourceMarket, out var source)) return list;
            foreach (var t in _connection.TargetMarkets)
            {
                if (!_service.Rules.TryGetMarket(t, out var target) || string.Equals(source.Currency, target.Currency, StringComparison.OrdinalIgnoreCase)) continue;
                if (list.Exists(r => r.To == target.Currency)) continue;
                try
                {
                    var rate = _service.Pricer.ResolveRate(source.Currency, target.Currency);
                    list.Add(new RateUsage(source.Currency, target.Currency, rate.Rate, rate.Source, 0, true));
                }
                catch (ListingPsException)
                {
                    // no rate: the report shows none for this currency
                }
            }
            return list;
        }

        public string? DescribeReason(string code) => ConnectionReasons.IsKnown(code) ? ConnectionReasons.Describe(code) : null;

        public string? TitleOf(string sku) => _service.Workspace.Offers.Get(sku)?.Title;

        public override string ToString() => Title.ToString(CultureInfo.InvariantCulture);
    }
}
